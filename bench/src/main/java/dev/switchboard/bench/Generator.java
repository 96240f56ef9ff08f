package dev.switchboard.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The load generator's own Vert.x: a few event loops, one WebSocket client with no per-host connection cap and
 * an HTTP client. Every scenario borrows it; closing it closes every socket it opened.
 */
final class Generator implements AutoCloseable {
    final Vertx vertx;
    final WebSocketClient webSockets;
    private final Context[] contexts;
    private HttpClient http;

    Generator(Options options) {
        int loops = options.integer("event-loops", Runtime.getRuntime().availableProcessors());
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops)
                .setPreferNativeTransport(!options.string("native", "true").equals("false"))
                // The generator runs thousands of connections on few threads; blocked-thread warnings are noise.
                .setBlockedThreadCheckInterval(60_000));
        // --compress true: offer permessage-deflate like a browser (Netty's client side; it must accept the
        // client_no_context_takeover Switchboard answers with).
        boolean compress = options.string("compress", "false").equals("true");
        webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setTryUsePerMessageCompression(compress)
                .setCompressionAllowClientNoContext(compress)
                .setMaxConnections(1_000_000)
                .setConnectTimeout(30_000)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 22)
                .setTcpNoDelay(true));
        // One context per event loop, taken from a verticle deployed once per loop (Vert.x hands instances out
        // round-robin over its loops). getOrCreateContext() from the main thread returns the same context each time.
        List<Context> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                taken.add(context);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().join();
        contexts = taken.toArray(new Context[0]);
    }

    HttpClient http(int poolSize) {
        if (http == null) {
            http = newHttp(poolSize);
        }
        return http;
    }

    /**
     * A client with its own connection pool. The publisher gets one of its own: sharing a pool with hundreds of
     * long-polls left publications waiting in the pool's queue behind polls, which inflated every latency.
     */
    HttpClient newHttp(int poolSize) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(30_000), new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(-1));
    }

    /**
     * Opens {@code count} connections with at most {@code parallel} handshakes at a time (a burst of 10,000 SYNs
     * overflows the accept backlog and turns into retransmit stalls), each finished by {@code setup}.
     */
    <T> List<T> openMany(int count, int parallel, Function<Integer, Future<T>> setup) throws InterruptedException {
        List<T> opened = java.util.Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Promise<Void> all = Promise.promise();
        Runnable[] startOne = new Runnable[1];
        startOne[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            setup.apply(i).onComplete(ar -> {
                if (ar.succeeded()) {
                    opened.add(ar.result());
                } else if (failed.incrementAndGet() <= 5) {
                    System.err.println("connection " + i + " failed: " + ar.cause());
                }
                if (done.incrementAndGet() == count) {
                    all.tryComplete();
                } else {
                    startOne[0].run();
                }
            });
        };
        if (count == 0) {
            return opened;
        }
        for (int i = 0; i < Math.min(parallel, count); i++) {
            startOne[0].run();
        }
        try {
            all.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("opening connections did not finish", e);
        }
        if (failed.get() > 0) {
            System.err.println(failed.get() + " of " + count + " connections failed");
        }
        return new ArrayList<>(opened);
    }

    /**
     * Opens a WebSocket on event loop {@code index mod loops}. Vert.x binds a connection to the event loop of the
     * caller's context; connecting from inside a callback would pile every connection onto one loop.
     */
    Future<WebSocket> connect(Endpoint endpoint, int index) {
        Promise<WebSocket> p = Promise.promise();
        on(index, () -> webSockets.connect(endpoint.webSocket()).onSuccess(BrowserLikeDeflate::install).onComplete(p));
        return p.future();
    }

    /** Runs {@code task} on event loop {@code index mod loops}. */
    void on(int index, Runnable task) {
        contexts[Math.floorMod(index, contexts.length)].runOnContext(v -> task.run());
    }

    int loops() {
        return contexts.length;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("closing the generator: " + e);
        }
    }
}
