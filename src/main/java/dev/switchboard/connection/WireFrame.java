package dev.switchboard.connection;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One server WebSocket frame as it goes on the wire, header and payload (RFC 6455 5.2: FIN set, no mask, the
 * shortest length form, RSV1 for a permessage-deflate payload): the same bytes Netty's frame encoder would write,
 * made once per channel event and wire form and then shared by every subscriber ({@link FramedEncoding}). This is
 * what the fan-out floor does (bench/peers/floor): a delivery then costs no encoder pass, no buffer from the pool
 * and no copy, only a view of the shared bytes.
 * <p>
 * The bytes live in a direct {@link ByteBuffer} the garbage collector frees with the event (no reference count to
 * keep across subscribers and event loops), wrapped so that each subscriber's write, which releases its view
 * after the socket took it, never frees them. Direct memory freed by the collector cannot pile up ahead of it:
 * every frame comes with at least as many heap bytes (the encoded payload the event caches), and the JDK's
 * direct memory limit defaults to the heap's size, so young collections come first.
 * Socket channels take direct buffers as they are; a heap buffer would be copied into a pooled direct one on every
 * write.
 */
final class WireFrame {

    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int PING_OPCODE = 0x9;

    /** The server's heartbeat ping (RFC 6455 5.5.2), empty: one frame for every connection of the node. */
    static final WireFrame PING = frame(FIN | PING_OPCODE, new byte[0]);

    private final ByteBuf shared;
    private final int payloadLength;

    private WireFrame(ByteBuf shared, int payloadLength) {
        this.shared = shared;
        this.payloadLength = payloadLength;
    }

    /** The frame of {@code payload} (never modified afterwards): text or binary, deflated (RSV1) or not. */
    static WireFrame of(byte[] payload, boolean binary, boolean deflated) {
        return frame(FIN | (deflated ? RSV1 : 0) | (binary ? BINARY : TEXT), payload);
    }

    private static WireFrame frame(int firstByte, byte[] payload) {
        int length = payload.length;
        int lengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        ByteBuffer bytes = ByteBuffer.allocateDirect(2 + lengthBytes + length);
        bytes.put((byte) firstByte);
        if (lengthBytes == 0) {
            bytes.put((byte) length);
        } else if (lengthBytes == 2) {
            bytes.put((byte) 126).putShort((short) length);
        } else {
            bytes.put((byte) 127).putLong(length);
        }
        bytes.put(payload).flip();
        return new WireFrame(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes)), length);
    }

    /** A view of the frame for one connection's write: its own read position, the shared bytes. */
    ByteBuf view() {
        return shared.duplicate();
    }

    /** The payload's length, without the header: what the frame counters record. */
    int payloadLength() {
        return payloadLength;
    }
}
