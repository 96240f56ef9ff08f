package dev.switchboard.connection.wire;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Fails a WebSocket connection as RFC 6455 7.1.7 and 7.4.1 say: a close frame with the status of the violation,
 * then the TCP close ({@link LingeringClose}). Sits after Netty's frame decoder (and the UTF-8 validator and the
 * permessage-deflate decoder), right before Vert.x's handler.
 * <p>
 * Why it is needed: Vert.x builds Netty's {@code WebSocket08FrameDecoder} with {@code closeOnProtocolViolation}
 * off and, when the decoder reports a violation ({@link CorruptedWebSocketFrameException}, which carries the
 * close status: 1002 for framing, 1007 for invalid UTF-8, 1009 for a frame over the limit), closes the TCP
 * connection at once without any close frame. This handler takes the exception before Vert.x sees it.
 * <p>
 * Also records the peer's close frame, so the close code reported for a connection follows RFC 6455 7.1.5:
 * 1005 for a close frame without a code, 1006 for no close frame at all (Vert.x reports 1000 and 1005).
 */
public final class FrameViolations extends ChannelDuplexHandler {

    private static final Logger LOG = Logger.getLogger(FrameViolations.class);

    /** No close frame was received or sent: the connection was closed abnormally (RFC 6455 7.1.5). */
    public static final int ABNORMAL = 1006;
    /** A close frame without a status code was received (RFC 6455 7.1.5). */
    public static final int NO_STATUS = 1005;

    private boolean failing;     // a violation was seen: nothing more is read
    private int failedWith;      // the status this server failed the connection with, 0 while it has not
    private int peerCloseCode;   // the code of the peer's close frame, NO_STATUS without one, 0 before one

    FrameViolations() {
    }

    /** The status the server failed the connection with (1002, 1007, 1009), or 0. */
    public int failedWith() {
        return failedWith;
    }

    /**
     * The close code of this connection as RFC 6455 7.1.5 defines it: the status this side failed it with,
     * else the code of the peer's close frame (1005 when it had none), else 1006.
     */
    public int closeCode() {
        if (failedWith != 0) {
            return failedWith;
        }
        return peerCloseCode != 0 ? peerCloseCode : ABNORMAL;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failing) {
            ReferenceCountUtil.release(msg); // 7.1.7: after failing, no further data is processed
            return;
        }
        if (msg instanceof CloseWebSocketFrame close && peerCloseCode == 0) {
            int code = close.statusCode();
            peerCloseCode = code < 0 ? NO_STATUS : code;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        CorruptedWebSocketFrameException violation = violation(cause);
        if (violation == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (failing) {
            return;
        }
        WebSocketCloseStatus status = violation.closeStatus();
        failing = true;
        // The peer's fault, not the server's: debug only, no stack trace (issue 13).
        LOG.debugf("WebSocket connection %s failed with %d: %s", ctx.channel().id(), status.code(),
                violation.getMessage());
        // Messages that arrived before the offending frame may still be on their way to the endpoint (Vert.x
        // dispatches them as event-loop tasks); a task queued now runs after them, so their answers go out
        // ahead of the close frame. From then on the application's writes are dropped (7.1.7).
        ctx.executor().execute(() -> {
            failedWith = status.code();
            // Written from this handler's context: it passes the frame encoder, not the application's writes.
            ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason(violation, status)));
            LingeringClose.start(ctx.channel());
        });
    }

    /** 7.1.7: once the close frame is sent nothing else may follow it; the application's frames are dropped. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (failedWith != 0) {
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
            return;
        }
        ctx.write(msg, promise);
    }

    private static CorruptedWebSocketFrameException violation(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CorruptedWebSocketFrameException c) {
                return c;
            }
        }
        return null;
    }

    /** The decoder's words for the violation, cut to what fits a close frame (123 bytes of UTF-8, 5.5.1). */
    private static String reason(CorruptedWebSocketFrameException violation, WebSocketCloseStatus status) {
        String reason = violation.getMessage() != null ? violation.getMessage() : status.reasonText();
        return reason.length() > 120 ? reason.substring(0, 120) : reason;
    }
}
