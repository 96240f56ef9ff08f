package dev.switchboard.connection.deflate;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * Fails a WebSocket connection from inside the pipeline (RFC 6455 7.1.7): a close frame with the status, then
 * the TCP connection is closed; nothing more is read.
 */
final class WireFailure {

    private WireFailure() {
    }

    static void fail(ChannelHandlerContext ctx, int status, String reason) {
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
