package dev.switchboard.connection.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Compresses whole messages for permessage-deflate with one {@link Deflater} per thread (per event loop), reset
 * before every message: with {@code server_no_context_takeover} (RFC 7692 7.1.1.1) no message refers to an
 * earlier one, so no connection needs a compressor of its own (zlib keeps ~256 KiB per compressor at level 6).
 */
public final class MessageDeflater {

    /** The empty stored block a sync flush ends with; RFC 7692 7.2.1 removes it from the message. */
    private static final int TAIL_LENGTH = 4;

    private final FastThreadLocal<Scratch> scratch;
    private final LongAdder deflations = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    public MessageDeflater(int level) {
        this.scratch = new FastThreadLocal<>() {
            @Override
            protected Scratch initialValue() {
                return new Scratch(new Deflater(level, true)); // nowrap: raw deflate, RFC 7692 7.2.1
            }

            @Override
            protected void onRemoval(Scratch value) {
                value.deflater.end();
            }
        };
    }

    /** Messages compressed so far by this node (each shared publication counts once): a test hook and a meter. */
    public long deflations() {
        return deflations.sum();
    }

    /** Bytes of the messages that were compressed and went out so. */
    long bytesIn() {
        return bytesIn.sum();
    }

    /** What those messages became. */
    long bytesOut() {
        return bytesOut.sum();
    }

    /**
     * The compressed form of one message, as it goes in a frame with RSV1 (RFC 7692 7.2.1: deflate, sync flush,
     * the trailing 00 00 FF FF removed); null when it would not be shorter than the message itself, which is then
     * better sent uncompressed.
     */
    public byte[] deflate(ByteBuffer message) {
        int length = message.remaining();
        Scratch own = scratch.get();
        Deflater deflater = own.deflater;
        byte[] out = own.buffer(length + TAIL_LENGTH);
        deflater.reset();
        deflater.setInput(message);
        // Room for the message's own length plus the tail: anything that fills it is not worth sending.
        int written = deflater.deflate(out, 0, length + TAIL_LENGTH, Deflater.SYNC_FLUSH);
        deflations.increment();
        if (written >= length + TAIL_LENGTH || !deflater.needsInput()) {
            return null;
        }
        int compressed = written - TAIL_LENGTH;
        if (compressed <= 0 || compressed >= length) {
            return null;
        }
        bytesIn.add(length);
        bytesOut.add(compressed);
        return Arrays.copyOf(out, compressed);
    }

    public byte[] deflate(byte[] message) {
        return deflate(ByteBuffer.wrap(message));
    }

    /** A thread's deflater and the buffer it deflates into (grown to the largest message seen, never shrunk). */
    private static final class Scratch {
        final Deflater deflater;
        byte[] out = new byte[4096];

        Scratch(Deflater deflater) {
            this.deflater = deflater;
        }

        byte[] buffer(int size) {
            if (out.length < size) {
                out = new byte[Math.max(size, out.length * 2)];
            }
            return out;
        }
    }
}
