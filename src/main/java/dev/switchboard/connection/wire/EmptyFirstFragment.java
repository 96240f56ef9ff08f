package dev.switchboard.connection.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Keeps fragmented messages whose first fragments are empty (RFC 6455 5.4 allows empty fragments). Vert.x's
 * message aggregator (WebSocketImplBase.FrameAggregator, 4.5) drops a continuation frame while the message
 * collected so far is empty, so {@code TEXT("", fin=0) CONT("abc", fin=1)} never reaches the endpoint. This
 * handler holds back empty non-final first fragments and turns the next continuation into the first frame of
 * the message, with the first frame's type; the message Vert.x assembles is then the one that was sent.
 */
final class EmptyFirstFragment extends ChannelInboundHandlerAdapter {

    /** The type of the message whose empty first fragments were held back: 0 none, else TEXT or BINARY. */
    private int heldType;
    private int heldRsv;

    private static final int TEXT = 1;
    private static final int BINARY = 2;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame) {
            boolean data = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
            if (data && !frame.isFinalFragment() && !frame.content().isReadable()) {
                heldType = frame instanceof TextWebSocketFrame ? TEXT : BINARY;
                heldRsv = frame.rsv();
                frame.release();
                return;
            }
            if (heldType != 0 && frame instanceof ContinuationWebSocketFrame continuation) {
                if (!continuation.isFinalFragment() && !continuation.content().isReadable()) {
                    continuation.release();
                    return;
                }
                WebSocketFrame first = heldType == TEXT
                        ? new TextWebSocketFrame(continuation.isFinalFragment(), heldRsv, continuation.content())
                        : new BinaryWebSocketFrame(continuation.isFinalFragment(), heldRsv, continuation.content());
                heldType = 0;
                ctx.fireChannelRead(first);
                return;
            }
            if (data) {
                heldType = 0; // a new message (the decoder has already refused interleaving, 5.4)
            }
        }
        ctx.fireChannelRead(msg);
    }
}
