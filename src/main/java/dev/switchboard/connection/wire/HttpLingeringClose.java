package dev.switchboard.connection.wire;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Turns the server's close of an HTTP connection into a {@link LingeringClose} while the client is still
 * sending: Quarkus answers a body over {@code quarkus.http.limits.max-body-size} with 413 and closes at once,
 * and a client that writes its whole body before reading (Python's urllib) then got a reset and a broken pipe
 * instead of the 413 (issue 13, defect 4). A connection that has been quiet for {@link #RECENT_MILLIS} closes
 * at once as before (idle timeouts, keep-alive ends), so only closes with a sender on the other end linger.
 * Removed from the pipeline when the connection becomes a WebSocket (FrameViolations handles those closes).
 */
final class HttpLingeringClose extends ChannelDuplexHandler {

    static final String NAME = "switchboardHttpLingeringClose";
    private static final long RECENT_MILLIS = 1_000;

    private long lastReadNanos;
    private boolean lingering;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        boolean sending = lastReadNanos != 0
                && System.nanoTime() - lastReadNanos < TimeUnit.MILLISECONDS.toNanos(RECENT_MILLIS);
        if (lingering || !sending || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
        LingeringClose.start(ctx.channel());
    }
}
