package dev.switchboard.connection.deflate;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Decompresses whole client messages with one {@link Inflater} per thread (per event loop), reset before every
 * message: the server answers every offer with {@code client_no_context_takeover} (RFC 7692 7.1.1.2), so no
 * client message refers to an earlier one and no connection needs a decompressor of its own. Output is bounded:
 * a message is never inflated past one byte more than the limit (a zip bomb costs the limit, not its size).
 */
public final class MessageInflater {

    /** RFC 7692 7.2.2: the receiver appends the sync flush's empty stored block before inflating. */
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final int CHUNK = 16 * 1024;

    private final FastThreadLocal<Scratch> scratch = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }

        @Override
        protected void onRemoval(Scratch value) {
            value.inflater.end();
        }
    };
    private final LongAdder inflatedBytes = new LongAdder();

    /** Bytes this node has inflated so far, whatever became of them: a test hook for the zip-bomb bound. */
    public long inflatedBytes() {
        return inflatedBytes.sum();
    }

    /**
     * The message the compressed bytes stand for, or its first {@code limit + 1} bytes when it is longer (the
     * caller then refuses it as too big, as it would an uncompressed one). The caller releases the result.
     */
    public ByteBuf inflate(ByteBuf compressed, int limit, ByteBufAllocator alloc) throws DataFormatException {
        Scratch own = scratch.get();
        Inflater inflater = own.inflater;
        inflater.reset();
        ByteBuf out = alloc.heapBuffer(Math.min(Math.max(compressed.readableBytes() * 4, 256), limit + 1));
        try {
            inflater.setInput(compressed.nioBuffer());
            if (inflateAll(inflater, own.chunk, out, limit) && !inflater.finished()) {
                inflater.setInput(ByteBuffer.wrap(TAIL));
                inflateAll(inflater, own.chunk, out, limit);
            }
            return out;
        } catch (DataFormatException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Inflates the current input into {@code out}; false once {@code out} holds more than {@code limit}. */
    private boolean inflateAll(Inflater inflater, byte[] chunk, ByteBuf out, int limit) throws DataFormatException {
        while (true) {
            int room = Math.min(chunk.length, limit + 1 - out.readableBytes());
            int n = inflater.inflate(chunk, 0, room);
            if (n > 0) {
                out.writeBytes(chunk, 0, n);
                inflatedBytes.add(n);
                if (out.readableBytes() > limit) {
                    return false;
                }
            } else if (inflater.needsInput() || inflater.finished()) {
                return true;
            } else if (inflater.needsDictionary()) {
                throw new DataFormatException("a preset dictionary is not part of permessage-deflate");
            } else {
                throw new DataFormatException("inflater made no progress");
            }
        }
    }

    private static final class Scratch {
        final Inflater inflater = new Inflater(true); // nowrap: raw deflate, RFC 7692 7.2.2
        final byte[] chunk = new byte[CHUNK];
    }
}
