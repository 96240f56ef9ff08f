package dev.switchboard.connection.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Checks the RSV bits of every frame against what was negotiated, right after the frame decoder (before the
 * permessage-deflate decoder clears RSV1). Needed because Vert.x configures the decoder to accept any RSV bits
 * whenever compression is supported at all, negotiated on this connection or not.
 * <ul>
 * <li>RFC 6455 5.2: RSV1-3 MUST be 0 unless an extension defining them was negotiated.</li>
 * <li>RFC 7692 6: permessage-deflate defines RSV1 only ("Per-Message Compressed"), set only on the first
 * frame of a data message (6.1), never on control frames (6.1: control frames are not compressed).</li>
 * </ul>
 * A violation is reported as a {@link CorruptedWebSocketFrameException} with 1002, like the decoder's own.
 */
final class ReservedBits extends ChannelInboundHandlerAdapter {

    private static final int RSV1 = 4;

    private final boolean perMessageDeflate;

    ReservedBits(boolean perMessageDeflate) {
        this.perMessageDeflate = perMessageDeflate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
            String problem = problem(frame);
            if (problem != null) {
                ReferenceCountUtil.release(msg);
                throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, problem);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private String problem(WebSocketFrame frame) {
        if (!perMessageDeflate) {
            return "RSV bits set without a negotiated extension";
        }
        if (frame.rsv() != RSV1) {
            return "RSV2 and RSV3 are not defined by permessage-deflate";
        }
        if (frame instanceof ContinuationWebSocketFrame) {
            return "RSV1 set on a continuation frame";
        }
        if (!(frame instanceof io.netty.handler.codec.http.websocketx.TextWebSocketFrame
                || frame instanceof io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame)) {
            return "RSV1 set on a control frame";
        }
        return null;
    }
}
