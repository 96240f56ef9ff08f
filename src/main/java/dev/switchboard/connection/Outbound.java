package dev.switchboard.connection;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.websockets.next.WebSocketConnection;

import dev.switchboard.connection.deflate.DeflateEncoder;
import dev.switchboard.connection.wire.FrameViolations;
import dev.switchboard.connection.wire.WebSocketWire;

/**
 * The sending side of one WebSocket connection: writes frames straight to its Netty channel, on the channel's
 * event loop, in the order they were sent from any thread, and flushes them in batches ({@link FlushBatch}).
 * <p>
 * Why not {@code WebSocketConnection.sendText}: it re-encodes the text to UTF-8 for every connection, builds a
 * Mutiny {@code Uni} with a captured context per frame and flushes every frame on its own; the profiles in
 * docs/benchmarks.md put most of a delivery's cost there. The channel's pipeline is the same one WebSockets Next
 * writes through (WebSocket encoder, permessage-deflate when negotiated: {@code deflate.DeflateEncoder}), so the
 * bytes on the wire are the same.
 * Closing stays with WebSockets Next, which keeps its own state of the connection.
 */
public final class Outbound {

    /** The most a WebSocket frame header adds to a payload (server frames are not masked). */
    static final int FRAME_HEADER_BYTES = 10;

    private final Channel channel;
    private final EventLoop loop;
    /** This connection's permessage-deflate, null when it negotiated none (shared by many connections). */
    private final DeflateEncoder deflate;
    /**
     * Where frames already on their wire form ({@link WireFrame}) enter the pipeline: Netty's frame encoder's
     * context, so they pass only what lies between it and the socket; the channel itself when there is no encoder.
     */
    private final ChannelOutboundInvoker belowEncoder;
    /** The wire strictness handler, which drops writes once the connection failed (null when not installed). */
    private final FrameViolations violations;
    /** Sends from other threads that are on their way to the loop; while there are any, the loop queues too. */
    private final AtomicInteger inTransit = new AtomicInteger();
    private boolean awaitingFlush; // event loop only

    private Outbound(Channel channel) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.deflate = channel.pipeline().get(DeflateEncoder.class);
        ChannelHandlerContext encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
        this.belowEncoder = encoder != null ? encoder : channel;
        this.violations = channel.pipeline().get(FrameViolations.class);
    }

    /**
     * Prepares a WebSocket that just opened, whatever its protocol, and gives its outbound path, on the socket its
     * upgrade arrived on ({@link NettyChannelCapture}): RFC 6455 strictness below WebSockets Next
     * ({@link WebSocketWire}: close frames 1002/1007/1009, lingering close), then {@link #open(Channel)}.
     */
    public static Outbound open(WebSocketConnection socket) {
        Channel channel = NettyChannelCapture.take(socket);
        WebSocketWire.install(socket, channel);
        return open(channel);
    }

    /**
     * The outbound path of a WebSocket's channel. The HTTP server's idle timeout is dropped from the pipeline: a
     * WebSocket's heartbeat ({@link HeartbeatMonitor}) finds dead peers, and the idle handler would cost a timer
     * per connection and a promise and listener per frame written.
     */
    static Outbound open(Channel channel) {
        if (channel.pipeline().get(IdleStateHandler.class) != null) {
            channel.pipeline().remove(IdleStateHandler.class);
        }
        return new Outbound(channel);
    }

    EventLoop loop() {
        return loop;
    }

    /** The connection's permessage-deflate encoder, or null when it negotiated none. */
    DeflateEncoder deflate() {
        return deflate;
    }

    /**
     * Runs {@code send} on the connection's event loop after every send started before it: at once when called
     * on the loop with nothing in transit, otherwise as a task of the loop.
     */
    public void execute(Runnable send) {
        if (runsNow()) {
            send.run();
            return;
        }
        inTransit.incrementAndGet();
        loop.execute(() -> {
            inTransit.decrementAndGet();
            send.run();
        });
    }

    /**
     * Whether a send made now would run at once ({@link #execute}): on the loop with nothing in transit. Lets the
     * fan-out, which runs on the connection's own loop, write without allocating a task per delivery.
     */
    public boolean runsNow() {
        return loop.inEventLoop() && inTransit.get() == 0;
    }

    /**
     * Bytes handed to the channel and not yet taken by the socket: Netty's own count, which covers every frame
     * of this connection, ours and WebSockets Next's (close, pong), and frames on their way to the loop.
     */
    public long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** False once the channel is closed: frames written then would only be discarded. Event loop only. */
    public boolean isOpen() {
        return channel.unsafe().outboundBuffer() != null;
    }

    /** Writes a text frame with these UTF-8 bytes (shared, never modified). Event loop only. */
    public void writeText(byte[] utf8) {
        write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)));
    }

    /** Writes a binary frame with these bytes (shared, never modified). Event loop only. */
    public void writeBinary(byte[] bytes) {
        write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /**
     * Writes a frame already on its wire form, shared with other connections, below the frame encoder (and so
     * below permessage-deflate, which the frame's RSV1 already settled). Frames written above the encoder pass
     * {@link FrameViolations}, which drops them once the connection failed (RFC 6455 7.1.7); this one checks the
     * same. Event loop only; a closed channel drops the frame.
     */
    void writeFrame(WireFrame frame) {
        if (!isOpen() || (violations != null && violations.failedWith() != 0)) {
            return;
        }
        belowEncoder.write(frame.view(), channel.voidPromise());
        flushWithBatch();
    }

    /** The heartbeat's ping: one shared frame for the whole node. Event loop only. */
    void writePing() {
        writeFrame(WireFrame.PING);
    }

    /** Writes now and flushes with the current task's batch. Event loop only; a closed channel drops the frame. */
    void write(WebSocketFrame frame) {
        if (!isOpen()) {
            frame.release();
            return;
        }
        channel.write(frame, channel.voidPromise());
        flushWithBatch();
    }

    private void flushWithBatch() {
        if (!awaitingFlush) {
            awaitingFlush = true;
            FlushBatch.add(this);
        }
    }

    /** Called by the batch. */
    void flush() {
        awaitingFlush = false;
        channel.flush();
    }
}
