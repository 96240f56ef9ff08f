package dev.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The outbound path on real Netty channels and real event-loop threads. Netty's EmbeddedChannel does not fit: its
 * event loop claims every thread is the loop ({@code inEventLoop()} is always true), so the cross-thread ordering
 * this class exists for could not happen there. Instead each channel is a {@link LocalChannel} registered on a
 * {@link DefaultEventLoopGroup} thread, and a handler at the socket end of its pipeline records every write and
 * flush that reaches it, which is what a TCP socket would be handed.
 */
class OutboundTest {

    private static DefaultEventLoopGroup loops;

    @BeforeAll
    static void start() {
        loops = new DefaultEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The socket end of a pipeline: records writes ("name:text") and flushes ("name:flush") in one shared log. */
    private static final class Wire extends ChannelOutboundHandlerAdapter {
        final String name;
        final List<String> log;

        Wire(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof TextWebSocketFrame text) {
                log.add(name + ":" + text.text());
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                log.add(name + ":binary " + binary.content().readableBytes());
            } else {
                log.add(name + ":" + msg.getClass().getSimpleName());
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            log.add(name + ":flush");
        }

        List<String> texts() {
            return log.stream().filter(e -> e.startsWith(name + ":") && !e.endsWith(":flush")).toList();
        }
    }

    /** What WebSockets Next gives an opened connection: user data, where NettyChannelCapture left the channel. */
    private static final class MapUserData implements UserData {
        private final Map<TypedKey<?>, Object> values = new HashMap<>();

        @SuppressWarnings("unchecked")
        @Override
        public <V> V get(TypedKey<V> key) {
            return (V) values.get(key);
        }

        @SuppressWarnings("unchecked")
        @Override
        public <V> V put(TypedKey<V> key, V value) {
            return (V) values.put(key, value);
        }

        @SuppressWarnings("unchecked")
        @Override
        public <V> V remove(TypedKey<V> key) {
            return (V) values.remove(key);
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public void clear() {
            values.clear();
        }
    }

    /**
     * The outbound path of a channel as {@link Outbound#open(WebSocketConnection)} makes it once it has the
     * captured channel and installed the wire handlers (which need Vert.x's WebSocket pipeline, not a
     * LocalChannel's; they have their own conformance tests).
     */
    private static Outbound open(Channel channel) {
        return Outbound.open(channel);
    }

    private static Channel channel(EventLoop loop, Wire wire) {
        LocalChannel channel = new LocalChannel();
        channel.pipeline().addLast(wire);
        loop.register(channel).syncUninterruptibly();
        return channel;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Runs a task on the loop and waits until it and everything queued before it have run. */
    private static void drain(EventLoop loop) {
        loop.submit(() -> { }).syncUninterruptibly();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void openDropsTheHttpIdleTimeoutFromTheSocketsPipeline() {
        EventLoop loop = loops.next();
        Wire wire = new Wire("a", new CopyOnWriteArrayList<>());
        LocalChannel channel = new LocalChannel();
        channel.pipeline().addLast(new IdleStateHandler(30, 0, 0), wire);
        loop.register(channel).syncUninterruptibly();
        open(channel);
        assertNull(channel.pipeline().get(IdleStateHandler.class));
        channel.close().syncUninterruptibly();
    }

    @Test
    void openWithoutACapturedChannelFails() {
        WebSocketConnection socket = (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { WebSocketConnection.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "userData" -> new MapUserData();
                    case "id" -> "no-channel";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        assertTrue(assertThrows(IllegalStateException.class, () -> Outbound.open(socket)).getMessage()
                .contains("no-channel"));
    }

    @Test
    void onTheLoopWithNothingInTransitASendRunsAtOnce() throws Exception {
        EventLoop loop = loops.next();
        Wire wire = new Wire("a", new CopyOnWriteArrayList<>());
        Channel channel = channel(loop, wire);
        Outbound out = open(channel);
        CompletableFuture<List<String>> seenRightAfterExecute = new CompletableFuture<>();
        loop.execute(() -> {
            out.execute(() -> out.writeText(utf8("now")));
            seenRightAfterExecute.complete(List.copyOf(wire.texts()));
        });
        assertEquals(List.of("a:now"), seenRightAfterExecute.get(5, TimeUnit.SECONDS),
                "no trip through the loop's task queue for a send made on the loop");
        channel.close().syncUninterruptibly();
    }

    @Test
    void aSendOnTheLoopWaitsForASendFromAnotherThreadThatStartedBeforeIt() throws Exception {
        EventLoop loop = loops.next();
        Wire wire = new Wire("a", new CopyOnWriteArrayList<>());
        Channel channel = channel(loop, wire);
        Outbound out = open(channel);

        // Hold the loop busy so the other thread's send is certainly still in transit (queued behind this task)
        // when the loop itself sends: run at once, the loop's frame would overtake it.
        CountDownLatch otherThreadSent = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                otherThreadSent.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.execute(() -> out.writeText(utf8("second, from the loop")));
        });
        Thread other = new Thread(() -> {
            out.execute(() -> out.writeText(utf8("first, from another thread")));
            otherThreadSent.countDown();
        });
        other.start();
        other.join();
        await(() -> wire.texts().size() == 2, "both frames written: " + wire.log);
        assertEquals(List.of("a:first, from another thread", "a:second, from the loop"), wire.texts());
        channel.close().syncUninterruptibly();
    }

    @Test
    void sendsFromManyThreadsAllArriveEachInItsThreadsOrder() throws Exception {
        EventLoop loop = loops.next();
        Wire wire = new Wire("a", new CopyOnWriteArrayList<>());
        Channel channel = channel(loop, wire);
        Outbound out = open(channel);
        int threads = 4;
        int perThread = 500;
        List<Thread> senders = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int id = t;
            senders.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < perThread; n++) {
                    byte[] frame = utf8(id + "-" + n);
                    out.execute(() -> out.writeText(frame));
                    if (n % 50 == 0) {
                        // the loop sends too, in between, as a fan-out task would
                        loop.execute(() -> out.execute(() -> out.writeText(utf8("loop"))));
                    }
                }
            }));
        }
        senders.forEach(Thread::start);
        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        await(() -> wire.texts().size() == threads * perThread + threads * perThread / 50, "every frame written");

        List<String> texts = wire.texts();
        for (int t = 0; t < threads; t++) {
            String prefix = "a:" + t + "-";
            List<String> ofThread = texts.stream().filter(e -> e.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < perThread; n++) {
                expected.add(prefix + n);
            }
            assertEquals(expected, ofThread, "thread " + t + ": every frame once, in the order it was sent");
        }
        channel.close().syncUninterruptibly();
    }

    @Test
    void framesWrittenInOneTaskAreFlushedOncePerConnectionAfterTheTask() throws Exception {
        EventLoop loop = loops.next();
        List<String> log = new CopyOnWriteArrayList<>();
        Channel channelA = channel(loop, new Wire("a", log));
        Channel channelB = channel(loop, new Wire("b", log));
        Outbound a = open(channelA);
        Outbound b = open(channelB);

        // One fan-out task writing to both connections: each is flushed once, after the task, not per frame.
        CompletableFuture<List<String>> duringTask = new CompletableFuture<>();
        loop.execute(() -> {
            a.writeText(utf8("1"));
            a.writeText(utf8("2"));
            b.writeText(utf8("3"));
            a.writeBinary(new byte[] { 1, 2, 3 });
            b.writeText(utf8("4"));
            duringTask.complete(List.copyOf(log));
        });
        assertEquals(List.of("a:1", "a:2", "b:3", "a:binary 3", "b:4"), duringTask.get(5, TimeUnit.SECONDS),
                "nothing is flushed while the task is still writing");
        drain(loop);
        assertEquals(List.of("a:1", "a:2", "b:3", "a:binary 3", "b:4", "a:flush", "b:flush"), log);

        // The next task starts a new batch: a connection written to again is flushed again, once.
        log.clear();
        loop.submit(() -> {
            b.writeText(utf8("5"));
            b.writeText(utf8("6"));
        }).syncUninterruptibly();
        drain(loop);
        assertEquals(List.of("b:5", "b:6", "b:flush"), log);
        channelA.close().syncUninterruptibly();
        channelB.close().syncUninterruptibly();
    }

    @Test
    void framesWrittenToAClosedChannelAreDroppedAndIsOpenSaysSo() throws Exception {
        EventLoop loop = loops.next();
        Wire wire = new Wire("a", new CopyOnWriteArrayList<>());
        Channel channel = channel(loop, wire);
        Outbound out = open(channel);
        assertTrue(loop.submit(out::isOpen).get(5, TimeUnit.SECONDS));
        channel.close().syncUninterruptibly();
        assertEquals(Boolean.FALSE, loop.submit(out::isOpen).get(5, TimeUnit.SECONDS));
        loop.submit(() -> out.writeText(utf8("too late"))).get(5, TimeUnit.SECONDS);
        drain(loop);
        assertTrue(wire.texts().isEmpty(), wire.log.toString());
    }
}
