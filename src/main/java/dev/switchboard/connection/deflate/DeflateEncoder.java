package dev.switchboard.connection.deflate;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;

/**
 * The outbound half of permessage-deflate on a connection that negotiated it, in place of Netty's per-connection
 * compressor. Channel events do not pass here: their frames, deflated once for all compressed subscribers or
 * settled as plain, are written on their wire form below the frame encoder ({@code Outbound.writeFrame}).
 * Frames that arrive compressed (RSV1 set) pass untouched; other whole text and binary messages (replies,
 * echoes) of at least the minimum size are deflated with the event loop's {@link MessageDeflater}. Holds no
 * per-connection state: one instance serves every connection with the same agreement.
 */
@ChannelHandler.Sharable
public final class DeflateEncoder extends ChannelOutboundHandlerAdapter {

    static final String NAME = "switchboardDeflateEncoder";

    private final Compression compression;
    private final DeflateAgreement agreement;
    private final int largest;

    DeflateEncoder(Compression compression, DeflateAgreement agreement) {
        this.compression = compression;
        this.agreement = agreement;
        this.largest = agreement.largestCompressible();
    }

    public DeflateAgreement agreement() {
        return agreement;
    }

    /** Whether a message of this length is sent compressed on this connection. */
    boolean compresses(int length) {
        return length >= compression.minSize() && length <= largest;
    }

    /**
     * The deflated form of a channel event's frame for this connection, shared with every other compressed
     * subscriber (deflated once per event and encoding, by one event loop while the others wait): the encoding whose
     * cached bytes go out with RSV1, so callers can cache more per event on top of them. Null when this frame goes
     * out plain (too short, too long for the window the client allowed, or not shrinking).
     */
    public Encoding<byte[]> sharedDeflated(ChannelEvent event, Encoding<byte[]> plain, int plainLength) {
        if (!compresses(plainLength)) {
            return null;
        }
        Encoding<byte[]> deflated = compression.deflated(plain);
        return event.encodedOnce(deflated) != null ? deflated : null;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof WebSocketFrame frame && frame.rsv() == 0 && frame.isFinalFragment()
                && (frame instanceof TextWebSocketFrame
                        || frame instanceof BinaryWebSocketFrame) && compresses(frame.content().readableBytes())) {
            byte[] deflated = compression.deflater().deflate(frame.content().nioBuffer());
            if (deflated != null) {
                frame.release();
                msg = frame instanceof TextWebSocketFrame
                        ? new TextWebSocketFrame(true, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(deflated))
                        : new BinaryWebSocketFrame(true, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(deflated));
            }
        }
        // Fragmented messages (not final, continuations) stay plain: RFC 7692 6 lets any message go uncompressed.
        ctx.write(msg, promise);
    }
}
