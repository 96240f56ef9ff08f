package dev.switchboard.connection.deflate;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.ClientDeflate;
import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * permessage-deflate over real sockets, with a client written from RFC 7692 ({@link ClientDeflate} on a raw
 * socket): what the upgrade answers, publications deflated once for every compressed subscriber, plain and
 * compressed subscribers side by side, compressed replies and commands, and the limits (zip bomb, RSV bits).
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class PerMessageDeflateTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OFFER = "permessage-deflate; client_max_window_bits";
    private static final String ANSWER = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @TestHTTPResource("/")
    URI base;

    @Inject
    Compression compression;

    private RawWebSocket compressed(String path) throws Exception {
        return RawWebSocket.open(base, path, Map.of("Sec-WebSocket-Extensions", OFFER));
    }

    /** A message's text, inflated when the frame says it is compressed. */
    private static String text(RawWebSocket.Frame frame) throws Exception {
        return new String(frame.compressed() ? ClientDeflate.decompress(frame.payload()) : frame.payload(),
                StandardCharsets.UTF_8);
    }

    private static JsonNode next(RawWebSocket client) throws Exception {
        return TestClient.parse(text(client.readFrame(WAIT)));
    }

    private static void subscribe(RawWebSocket client, String channel) throws Exception {
        client.sendText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + channel + "\"}");
        JsonNode reply = next(client);
        assertEquals("subscribed", reply.path("type").asText(), reply.toString());
    }

    private static void publishByApi(String channel, String dataJson) {
        given().header("X-API-Key", GatewayTestProfile.API_KEY).contentType(ContentType.JSON)
                .body("{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}")
                .post("/api/v1/publish").then().statusCode(200);
    }

    private static String header(String response) {
        for (String line : response.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    @Test
    void theUpgradeAnswersAnOfferWithNoContextTakeoverBothWays() throws Exception {
        assertEquals(ANSWER, header(RawWebSocket.upgradeResponse(base, "/ws", Map.of("Sec-WebSocket-Extensions", OFFER))));
        assertEquals(ANSWER, header(RawWebSocket.upgradeResponse(base, "/ws/echo",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))));
        assertEquals(null, header(RawWebSocket.upgradeResponse(base, "/ws", Map.of())), "no offer, no extension");
        assertEquals(null, header(RawWebSocket.upgradeResponse(base, "/ws",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=7"))));
        assertEquals(ANSWER + "; server_max_window_bits=9", header(RawWebSocket.upgradeResponse(base, "/ws",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=9"))));
    }

    @Test
    void aPublicationIsDeflatedOnceForEveryCompressedSubscriberAndPlainOnesGetItPlain() throws Exception {
        String channel = "chat:" + UUID.randomUUID();
        List<RawWebSocket> zipped = new ArrayList<>();
        List<RawWebSocket> plain = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                RawWebSocket client = i % 4 == 3 ? RawWebSocket.open(base, "/ws") : compressed("/ws");
                (i % 4 == 3 ? plain : zipped).add(client);
                next(client); // welcome
                subscribe(client, channel);
            }
            String chat = "{\"text\":\"" + "the quick brown fox jumps over the lazy dog ".repeat(25) + "\"}"; // ~1 KB
            long before = compression.deflater().deflations();
            publishByApi(channel, chat);
            publishByApi(channel, "{\"text\":\"short\"}"); // under min-size: plain for everyone
            publishByApi(channel, chat);
            List<JsonNode> reference = null;
            for (RawWebSocket client : zipped) {
                List<JsonNode> got = new ArrayList<>();
                for (int n = 0; n < 3; n++) {
                    RawWebSocket.Frame frame = client.readFrame(WAIT);
                    assertEquals(n != 1, frame.compressed(), "frame " + n + " RSV1");
                    got.add(TestClient.parse(text(frame)));
                }
                reference = check(got, reference);
            }
            for (RawWebSocket client : plain) {
                List<JsonNode> got = new ArrayList<>();
                for (int n = 0; n < 3; n++) {
                    RawWebSocket.Frame frame = client.readFrame(WAIT);
                    assertFalse(frame.compressed(), "a client that negotiated nothing gets no RSV1");
                    got.add(TestClient.parse(frame.text()));
                }
                reference = check(got, reference);
            }
            assertEquals(2, compression.deflater().deflations() - before,
                    "12 compressed subscribers, two long publications: two deflate runs");
        } finally {
            for (RawWebSocket client : zipped) {
                client.close();
            }
            for (RawWebSocket client : plain) {
                client.close();
            }
        }
    }

    /** Every subscriber saw the same three publications, offsets 1, 2, 3 in order. */
    private static List<JsonNode> check(List<JsonNode> got, List<JsonNode> reference) {
        for (int n = 0; n < 3; n++) {
            assertEquals("publication", got.get(n).path("type").asText(), got.get(n).toString());
            assertEquals(n + 1, got.get(n).path("offset").asLong(), got.get(n).toString());
        }
        if (reference != null) {
            assertEquals(reference, got);
        }
        return got;
    }

    @Test
    void aSmallerServerWindowKeepsLongerMessagesPlain() throws Exception {
        String channel = "chat:" + UUID.randomUUID();
        try (RawWebSocket client = RawWebSocket.open(base, "/ws",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=9"))) {
            next(client);
            subscribe(client, channel);
            String fits = "{\"text\":\"" + "y".repeat(400) + "\"}";
            String tooLong = "{\"text\":\"" + "z".repeat(1000) + "\"}";
            publishByApi(channel, fits);
            publishByApi(channel, tooLong);
            RawWebSocket.Frame first = client.readFrame(WAIT);
            assertTrue(first.compressed(), "a frame within 2^9 bytes may be compressed");
            assertTrue(text(first).contains("y".repeat(400)));
            RawWebSocket.Frame second = client.readFrame(WAIT);
            assertFalse(second.compressed(), "a frame over 2^9 bytes could refer back past the window: plain");
            assertTrue(second.text().contains("z".repeat(1000)));
        }
    }

    @Test
    void echoesAreCompressedAboveTheMinimumSizeAndCompressedMessagesAreRead() throws Exception {
        try (RawWebSocket client = compressed("/ws/echo")) {
            byte[] message = "{\"text\":\"hello, hello, hello, hello\"}".repeat(20).getBytes(StandardCharsets.UTF_8);
            client.sendFrame(RawWebSocket.TEXT, RawWebSocket.RSV1, ClientDeflate.compress(message), true);
            RawWebSocket.Frame echo = client.readFrame(WAIT);
            assertTrue(echo.compressed(), "a reply over min-size is compressed");
            assertArrayEquals(message, ClientDeflate.decompress(echo.payload()));
            assertTrue(echo.payload().length < message.length / 4, echo.payload().length + " bytes");

            client.sendFrame(RawWebSocket.TEXT, RawWebSocket.RSV1, ClientDeflate.compress("tiny".getBytes()), true);
            RawWebSocket.Frame small = client.readFrame(WAIT);
            assertFalse(small.compressed(), "under min-size: plain");
            assertEquals("tiny", small.text());

            client.sendText("uncompressed " + "x".repeat(500)); // RFC 7692 6: a client may send messages plain
            RawWebSocket.Frame mixed = client.readFrame(WAIT);
            assertEquals("uncompressed " + "x".repeat(500), text(mixed));
        }
    }

    @Test
    void aCompressedCommandInFragmentsIsInflatedWhole() throws Exception {
        String channel = "chat:" + UUID.randomUUID();
        try (RawWebSocket client = compressed("/ws")) {
            next(client);
            subscribe(client, channel);
            byte[] command = ("{\"type\":\"publish\",\"id\":2,\"channel\":\"" + channel + "\",\"data\":\""
                    + "fragmented ".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] deflated = ClientDeflate.compress(command);
            int cut = deflated.length / 3;
            // RFC 7692 6.1: RSV1 on the first frame only
            client.sendFrame(RawWebSocket.TEXT, RawWebSocket.RSV1, java.util.Arrays.copyOfRange(deflated, 0, cut), false);
            client.sendFrame(RawWebSocket.PING, new byte[0], true); // a control frame between fragments
            client.sendFrame(0, java.util.Arrays.copyOfRange(deflated, cut, 2 * cut), false);
            client.sendFrame(0, java.util.Arrays.copyOfRange(deflated, 2 * cut, deflated.length), true);
            boolean published = false;
            boolean publication = false;
            while (!published || !publication) {
                RawWebSocket.Frame frame = client.readFrame(WAIT);
                if (frame.opcode() == RawWebSocket.PONG) {
                    continue;
                }
                JsonNode json = TestClient.parse(text(frame));
                published |= "published".equals(json.path("type").asText());
                publication |= "publication".equals(json.path("type").asText())
                        && json.path("data").asText().equals("fragmented ".repeat(100));
            }
        }
    }

    @Test
    void aZipBombIsCutAtTheLimitWith1009() throws Exception {
        try (RawWebSocket client = compressed("/ws")) {
            next(client);
            byte[] bomb = ClientDeflate.compress(new byte[64 * 1024 * 1024]); // 64 MiB of zeros in ~64 KB
            assertTrue(bomb.length < 1024 * 1024, "one frame under max-frame-size: " + bomb.length);
            long before = compression.inflater().inflatedBytes();
            client.sendFrame(RawWebSocket.BINARY, RawWebSocket.RSV1, bomb, true);
            RawWebSocket.Frame notice = client.readFrame(WAIT);
            assertTrue(text(notice).contains("\"code\":1009"), text(notice));
            RawWebSocket.Frame close = client.readFrame(WAIT);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
            long inflated = compression.inflater().inflatedBytes() - before;
            assertTrue(inflated <= 65536 + 1, "inflated " + inflated + " bytes of a 64 MiB bomb, limit 65536");
        }
    }

    @Test
    void aFragmentedCompressedMessageLongerThanTheLimitIsRefusedBeforeInflation() throws Exception {
        try (RawWebSocket client = compressed("/ws")) {
            next(client);
            byte[] noise = new byte[200_000];
            new java.util.Random(3).nextBytes(noise); // does not shrink: ~200 KB compressed for 64 KiB allowed
            byte[] deflated = ClientDeflate.compress(noise);
            long before = compression.inflater().inflatedBytes();
            int half = deflated.length / 2;
            client.sendFrame(RawWebSocket.BINARY, RawWebSocket.RSV1, java.util.Arrays.copyOfRange(deflated, 0, half), false);
            try {
                client.sendFrame(0, java.util.Arrays.copyOfRange(deflated, half, deflated.length), true);
            } catch (java.io.IOException closedAlready) {
                // the first fragment alone passes the limit: the server may have closed before this one
            }
            RawWebSocket.Frame close = client.readFrame(WAIT);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
            assertEquals(0, compression.inflater().inflatedBytes() - before, "nothing of it was inflated");
        }
    }

    @Test
    void reservedBitsWithoutNegotiationFailWith1002() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(base, "/ws")) {
            next(client);
            client.sendFrame(RawWebSocket.TEXT, RawWebSocket.RSV1, ClientDeflate.compress("{\"type\":\"ping\"}".getBytes()), true);
            RawWebSocket.Frame close = client.readFrame(WAIT);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1002, close.closeCode());
        }
    }

    @Test
    void reservedBitsPermessageDeflateDoesNotDefineFailWith1002() throws Exception {
        try (RawWebSocket client = compressed("/ws")) {
            next(client);
            client.sendFrame(RawWebSocket.TEXT, 2 /* RSV2 */, "{}".getBytes(), true);
            RawWebSocket.Frame close = client.readFrame(WAIT);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1002, close.closeCode());
        }
    }

    @Test
    void dataThatIsNotDeflateFailsWith1007() throws Exception {
        try (RawWebSocket client = compressed("/ws")) {
            next(client);
            client.sendFrame(RawWebSocket.TEXT, RawWebSocket.RSV1, new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}, true);
            RawWebSocket.Frame close = client.readFrame(WAIT);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1007, close.closeCode());
        }
    }
}
