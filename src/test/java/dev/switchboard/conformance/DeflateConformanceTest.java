package dev.switchboard.conformance;

import static dev.switchboard.conformance.Conformance.assertFailedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * RFC 7692 (permessage-deflate), on by default (issue 14). The client side is written here with java.util.zip: raw DEFLATE, each
 * message ended by a sync flush whose 00 00 FF FF tail is removed (7.2.1) and put back to inflate (7.2.2).
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DeflateConformanceTest {

    private static final int RSV1 = 4;

    @TestHTTPResource("/")
    URI base;

    private RawWebSocket openDeflate() throws Exception {
        RawWebSocket ws = RawWebSocket.open(base, "/ws/echo", Map.of("Sec-WebSocket-Extensions",
                "permessage-deflate"));
        assertTrue(ws.responseHead().toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate"),
                "RFC 7692 5: the offer is accepted: " + ws.responseHead());
        return ws;
    }

    /** 7.2.1: compress with a sync flush and remove the 4-octet tail. */
    private static byte[] compress(Deflater deflater, byte[] data) {
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    /** 7.2.2: append 00 00 FF FF and inflate. */
    private static byte[] decompress(Inflater inflater, byte[] data) throws Exception {
        byte[] withTail = Arrays.copyOf(data, data.length + 4);
        withTail[data.length + 2] = (byte) 0xff;
        withTail[data.length + 3] = (byte) 0xff;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = inflater.inflate(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] readText(RawWebSocket ws, Inflater inflater) throws Exception {
        RawWebSocket.Frame frame = ws.readFrame(Endpoint.WAIT);
        assertEquals(RawWebSocket.TEXT, frame.opcode());
        return (frame.rsv() & RSV1) != 0 ? decompress(inflater, frame.payload()) : frame.payload();
    }

    @Test
    void compressedMessagesAreEchoedEachCompressedOnItsOwn() throws Exception {
        // 7.1.1.1/7.1.1.2: the server answers client_no_context_takeover (so the client compresses every message
        // on its own, 7.2.1, and the server keeps no inflater per connection) and server_no_context_takeover
        try (RawWebSocket ws = openDeflate()) {
            String answer = ws.responseHead().toLowerCase(Locale.ROOT);
            assertTrue(answer.contains("client_no_context_takeover") && answer.contains("server_no_context_takeover"),
                    "RFC 7692 7.1.1: " + ws.responseHead());
            for (int i = 0; i < 3; i++) {
                byte[] message = ("hello hello hello hello hello hello hello hello " + i).getBytes(StandardCharsets.UTF_8);
                Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true); // no context from before
                ws.sendFrame(RawWebSocket.TEXT, compress(deflater, message), true, RSV1, true);
                assertEquals(new String(message, StandardCharsets.UTF_8),
                        new String(readText(ws, new Inflater(true)), StandardCharsets.UTF_8), "RFC 7692 7.2 message " + i);
            }
        }
    }

    @Test
    void uncompressedMessageIsAcceptedToo() throws Exception {
        // 6: RSV1 clear means the message is not compressed, which stays allowed after negotiation
        try (RawWebSocket ws = openDeflate()) {
            ws.sendText("plain");
            assertEquals("plain", new String(readText(ws, new Inflater(true)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void compressedMessageInFragmentsHasRsv1OnTheFirstOnly() throws Exception {
        // 6.1: the Per-Message Compressed bit is set on the first frame of the message only
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try (RawWebSocket ws = openDeflate()) {
            byte[] compressed = compress(deflater, "fragmented and compressed".getBytes(StandardCharsets.UTF_8));
            int half = compressed.length / 2;
            ws.sendFrame(RawWebSocket.TEXT, Arrays.copyOfRange(compressed, 0, half), false, RSV1, true);
            ws.sendFrame(RawWebSocket.CONTINUATION, Arrays.copyOfRange(compressed, half, compressed.length), true,
                    0, true);
            assertEquals("fragmented and compressed",
                    new String(readText(ws, new Inflater(true)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void rsv1OnAContinuationFails() throws Exception {
        // 6.1: RSV1 on a non-first fragment is a protocol error
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try (RawWebSocket ws = openDeflate()) {
            byte[] compressed = compress(deflater, "abcdefabcdef".getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(RawWebSocket.TEXT, Arrays.copyOfRange(compressed, 0, 2), false, RSV1, true);
            ws.sendFrame(RawWebSocket.CONTINUATION, Arrays.copyOfRange(compressed, 2, compressed.length), true, RSV1,
                    true);
            assertFailedWith(ws, 1002, "RFC 7692 6.1 RSV1 on a continuation");
        }
    }

    @Test
    void rsv1OnAPingFails() throws Exception {
        // 6.1: control frames are never compressed, RSV1 on one is a protocol error
        try (RawWebSocket ws = openDeflate()) {
            ws.sendFrame(RawWebSocket.PING, new byte[0], true, RSV1, true);
            assertFailedWith(ws, 1002, "RFC 7692 6.1 RSV1 on a ping");
        }
    }

    @Test
    void rsv2FailsEvenWithDeflate() throws Exception {
        // RFC 6455 5.2: permessage-deflate defines RSV1 only
        try (RawWebSocket ws = openDeflate()) {
            ws.sendFrame(RawWebSocket.TEXT, "x".getBytes(StandardCharsets.UTF_8), true, 2, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.2 RSV2 with permessage-deflate");
        }
    }

    @Test
    void compressedTextThatInflatesToInvalidUtf8FailsWith1007() throws Exception {
        // RFC 6455 8.1 applies to the inflated message (RFC 7692 6: the extension sits below the text check)
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try (RawWebSocket ws = openDeflate()) {
            ws.sendFrame(RawWebSocket.TEXT, compress(deflater, new byte[] { 'a', (byte) 0xc0, (byte) 0x80 }), true,
                    RSV1, true);
            assertFailedWith(ws, 1007, "RFC 6455 8.1 after inflating");
        }
    }
}
