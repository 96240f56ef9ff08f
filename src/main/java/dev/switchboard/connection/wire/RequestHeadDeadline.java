package dev.switchboard.connection.wire;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Bounds the time from accepting a connection to its first complete HTTP/1.1 request head, and for a WebSocket
 * upgrade request to the server's answer (101, or a refusal): a client that opens a connection and then sends
 * its head slowly or not at all (slowloris) would otherwise hold a file descriptor for the HTTP idle timeout
 * (30 min by default). Like nginx's {@code client_header_timeout}, the bound is on the whole head, not on the
 * pauses between its bytes, so trickling one byte at a time does not extend it.
 * <p>
 * Sits first in the pipeline and only looks for the blank line that ends the head (RFC 9112 2.1) in the bytes
 * passing by; once the head is complete (and for an upgrade, answered) it removes itself, so the connection
 * pays nothing for it afterwards. A TLS connection (first byte 0x16, a handshake record) is not watched: its
 * bytes here are ciphertext; such connections keep the HTTP idle timeout (TLS is usually ended in front).
 */
final class RequestHeadDeadline extends ChannelDuplexHandler {

    private static final Logger LOG = Logger.getLogger(RequestHeadDeadline.class);
    /** A head longer than this is refused by Vert.x's decoder anyway (max-header-size, 8 KiB by default). */
    private static final int MAX_REMEMBERED = 16 * 1024;
    private static final byte TLS_HANDSHAKE = 0x16;

    private final long timeoutMillis;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timer;
    private boolean firstByteSeen;
    private int blankLineProgress; // how much of CR LF CR LF (or LF LF) has been seen
    private final StringBuilder head = new StringBuilder(128);
    private boolean awaitingUpgradeAnswer;

    RequestHeadDeadline(long timeoutMillis, Runnable onTimeout) {
        this.timeoutMillis = timeoutMillis;
        this.onTimeout = onTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            onTimeout.run();
            LOG.debugf("closing %s: no complete request head within %d ms", ctx.channel(), timeoutMillis);
            ctx.channel().close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && !awaitingUpgradeAnswer && scan(bytes)) {
            if (head.indexOf("get ") == 0 && head.indexOf("\nupgrade:") >= 0) {
                awaitingUpgradeAnswer = true; // the bound also covers the upgrade checks, until the answer
            } else {
                done(ctx);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether the head ended within these bytes (or the connection turned out to be TLS: not watched). */
    private boolean scan(ByteBuf bytes) {
        int end = bytes.writerIndex();
        for (int i = bytes.readerIndex(); i < end; i++) {
            byte b = bytes.getByte(i);
            if (!firstByteSeen) {
                firstByteSeen = true;
                if (b == TLS_HANDSHAKE) {
                    return true;
                }
            }
            if (head.length() < MAX_REMEMBERED) {
                head.append(Character.toLowerCase((char) (b & 0xff)));
            }
            if (b == '\n') {
                blankLineProgress = blankLineProgress >= 1 ? 4 : 1;
            } else if (b != '\r') {
                blankLineProgress = 0;
            }
            if (blankLineProgress == 4) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (awaitingUpgradeAnswer) {
            done(ctx);
        }
        ctx.write(msg, promise);
    }

    private void done(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
