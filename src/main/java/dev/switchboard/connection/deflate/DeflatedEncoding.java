package dev.switchboard.connection.deflate;

import java.nio.ByteBuffer;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;

/**
 * The permessage-deflate form of another encoding's frame: derived from the plain bytes the event has cached and
 * cached beside them ({@link ChannelEvent#encoded}), so a publication is deflated once per wire form however many
 * compressed subscribers it has. Null (cached too) when the frame is shorter than the minimum size or does not
 * shrink: every subscriber then gets the plain frame.
 */
final class DeflatedEncoding implements Encoding<byte[]> {

    private final Encoding<byte[]> plain;
    private final MessageDeflater deflater;
    private final int minSize;

    DeflatedEncoding(Encoding<byte[]> plain, MessageDeflater deflater, int minSize) {
        this.plain = plain;
        this.deflater = deflater;
        this.minSize = minSize;
    }

    @Override
    public byte[] encode(ChannelEvent event) {
        byte[] frame = event.encoded(plain);
        return frame.length < minSize ? null : deflater.deflate(ByteBuffer.wrap(frame));
    }
}
