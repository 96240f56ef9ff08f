package dev.switchboard.connection.deflate;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * On a connection that negotiated no extension while the server supports permessage-deflate: Vert.x then lets
 * frames with RSV bits through, but RFC 6455 5.2 says they MUST fail the connection, 1002 (7.4.1). Stateless,
 * one instance for all such connections. (The RFC 6455 wire layer may check this too; this is the small check
 * compression needs so a compressed frame is never read as plain text.)
 */
@ChannelHandler.Sharable
final class UnnegotiatedReservedBits extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardUnnegotiatedRsv";
    static final UnnegotiatedReservedBits INSTANCE = new UnnegotiatedReservedBits();

    private UnnegotiatedReservedBits() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
            ReferenceCountUtil.release(msg);
            WireFailure.fail(ctx, 1002, "RSV bits set without a negotiated extension");
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
