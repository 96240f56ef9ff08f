package dev.switchboard.connection.deflate;

import java.util.zip.DataFormatException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.util.ReferenceCountUtil;

/**
 * The inbound half of permessage-deflate on a connection that negotiated it, in place of Netty's per-connection
 * decompressor. A compressed message (RSV1 on its first frame, RFC 7692 6.1) is inflated whole with the event
 * loop's {@link MessageInflater} and handed on as one plain frame; a fragmented one keeps its compressed bytes
 * here until its last frame (the loop's inflater is shared, so it cannot hold a half-read message). Inflation
 * stops one byte past the message-size limit: Vert.x's size check then closes the connection with 1009 as for
 * a plain message that large, and a zip bomb never costs more than the limit. A fragmented message whose compressed
 * bytes alone pass the limit (plus deflate's worst-case overhead) is failed with 1009 before any of it is inflated.
 * Failures close the connection from here ({@link WireFailure}): 1002 for RSV bits permessage-deflate does not
 * allow, 1007 for data that does not inflate.
 */
final class InflateDecoder extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardInflateDecoder";

    private final MessageInflater inflater;
    private final int limit;
    /** Compressed bytes a longer message cannot need: deflate's stored blocks add 5 bytes per 64 KiB, plus slack. */
    private final int compressedLimit;
    private CompositeByteBuf fragments; // the compressed message in progress, null between messages
    private boolean fragmentsText;
    private boolean failed; // the connection is being failed: frames read in the same batch are dropped

    InflateDecoder(MessageInflater inflater, int limit) {
        this.inflater = inflater;
        this.limit = limit;
        this.compressedLimit = limit + (limit >> 10) + 1024;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            frame.release();
        } else if (frame.rsv() != 0) {
            firstFrame(ctx, frame);
        } else if (fragments != null && frame instanceof ContinuationWebSocketFrame) {
            continuation(ctx, frame);
        } else {
            ctx.fireChannelRead(msg); // plain messages, their continuations, control frames
        }
    }

    private void firstFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        boolean text = frame instanceof TextWebSocketFrame;
        // RFC 7692 6: RSV1 alone, on the first frame of a data message only (6.1: control frames are not compressed).
        if (frame.rsv() != WebSocketExtension.RSV1 || !(text || frame instanceof BinaryWebSocketFrame)) {
            frame.release();
            fail(ctx, 1002, "RSV bits not allowed on this frame under permessage-deflate");
            return;
        }
        if (frame.isFinalFragment()) {
            try {
                inflateAndForward(ctx, frame.content(), text);
            } finally {
                frame.release();
            }
            return;
        }
        fragments = ctx.alloc().compositeBuffer();
        fragmentsText = text;
        append(ctx, frame);
    }

    private void continuation(ChannelHandlerContext ctx, WebSocketFrame frame) {
        boolean last = frame.isFinalFragment();
        if (!append(ctx, frame) || !last) {
            return;
        }
        CompositeByteBuf message = fragments;
        fragments = null;
        try {
            inflateAndForward(ctx, message, fragmentsText);
        } finally {
            message.release();
        }
    }

    /** Keeps a fragment's compressed bytes; false when the message can only be too big (then answered as such). */
    private boolean append(ChannelHandlerContext ctx, WebSocketFrame frame) {
        fragments.addComponent(true, frame.content().retain());
        frame.release();
        if (fragments.readableBytes() <= compressedLimit) {
            return true;
        }
        // More compressed bytes than any message within the limit needs: too big, without inflating any of it.
        fail(ctx, 1009, "message larger than the server's limit");
        return false;
    }

    private void fail(ChannelHandlerContext ctx, int status, String reason) {
        failed = true;
        releaseFragments();
        WireFailure.fail(ctx, status, reason);
    }

    private void inflateAndForward(ChannelHandlerContext ctx, ByteBuf compressed, boolean text) {
        ByteBuf plain;
        try {
            plain = inflater.inflate(compressed, limit, ctx.alloc());
        } catch (DataFormatException e) {
            // Not a valid deflate stream (or one that refers to an earlier message, which the agreed
            // client_no_context_takeover forbids): the message cannot be read, RFC 7692 8 / RFC 6455 7.4.1 1007.
            fail(ctx, 1007, "invalid permessage-deflate data");
            return;
        }
        ctx.fireChannelRead(text ? new TextWebSocketFrame(true, 0, plain) : new BinaryWebSocketFrame(true, 0, plain));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseFragments();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseFragments();
        ctx.fireChannelInactive();
    }

    private void releaseFragments() {
        if (fragments != null) {
            ReferenceCountUtil.release(fragments);
            fragments = null;
        }
    }
}
