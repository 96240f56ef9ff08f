package dev.switchboard.connection.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.DataFormatException;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.ClientDeflate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

/** The per-thread compressor and decompressor against a client side written from RFC 7692 7.2. */
class MessageDeflateTest {

    private static final byte[] CHAT = ("{\"type\":\"publication\",\"channel\":\"chat:lobby\",\"offset\":42,\"data\":"
            + "{\"text\":\"" + "see you at the standup tomorrow, bring the numbers ".repeat(10) + "\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private final MessageDeflater deflater = new MessageDeflater(6);
    private final MessageInflater inflater = new MessageInflater();

    private ByteBuf inflate(byte[] compressed, int limit) throws DataFormatException {
        return inflater.inflate(Unpooled.wrappedBuffer(compressed), limit, UnpooledByteBufAllocator.DEFAULT);
    }

    @Test
    void aDeflatedMessageIsWhatAClientInflatesAndTheCompressorIsResetBetweenMessages() throws Exception {
        byte[] first = deflater.deflate(CHAT);
        byte[] second = deflater.deflate(CHAT);
        assertArrayEquals(CHAT, ClientDeflate.decompress(first));
        // no context takeover: the second message does not refer to the first, so it is the same bytes again
        assertArrayEquals(first, second);
        assertTrue(first.length < CHAT.length / 3, first.length + " of " + CHAT.length);
        assertEquals(2, deflater.deflations());
    }

    @Test
    void whatDoesNotShrinkIsNotSentCompressed() {
        byte[] noise = new byte[2000];
        new Random(7).nextBytes(noise);
        assertNull(deflater.deflate(noise));
    }

    @Test
    void aClientMessageInflatesAndTheLimitStopsInflation() throws Exception {
        ByteBuf plain = inflate(ClientDeflate.compress(CHAT), 65536);
        assertArrayEquals(CHAT, ByteBufUtil.getBytes(plain));
        plain.release();

        long before = inflater.inflatedBytes();
        ByteBuf cut = inflate(ClientDeflate.compress(new byte[10_000_000]), 1000);
        assertEquals(1001, cut.readableBytes(), "one byte past the limit, so the caller sees it is too big");
        cut.release();
        assertEquals(1001, inflater.inflatedBytes() - before, "never inflated further than that");
    }

    @Test
    void garbageIsADataFormatError() {
        assertThrows(DataFormatException.class, () -> inflate(new byte[] {(byte) 0xff, (byte) 0xfe, 7, 7, 7}, 1000));
    }
}
