package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The {@code switchboard.v1.cbor} subprotocol over real sockets: the same frames as CBOR in binary frames, mixed
 * with JSON clients on one channel, raw bytes in {@code data}, CBOR garbage answered with {@code bad_request};
 * and permessage-deflate negotiated when offered.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class CborProtocolTest {

    private static final ObjectMapper CBOR = new CBORMapper();

    @TestHTTPResource("/")
    URI base;

    private TestClient connectCbor() {
        return TestClient.open(base, "/ws", c -> c.addSubprotocol("switchboard.v1.cbor"));
    }

    private static byte[] cbor(Map<String, Object> frame) throws IOException {
        return CBOR.writeValueAsBytes(frame);
    }

    private static JsonNode next(TestClient client) throws IOException {
        return CBOR.readTree(client.awaitBinary());
    }

    @Test
    void cborClientSpeaksTheProtocolBesideJsonClients() throws Exception {
        String channel = "mixed:" + UUID.randomUUID();
        try (TestClient binary = connectCbor(); TestClient json = TestClient.connect(base)) {
            JsonNode welcome = next(binary);
            assertEquals("welcome", welcome.path("type").asText());
            assertTrue(binary.pending().isEmpty(), "no text frames on the CBOR subprotocol");

            binary.sendBinary(cbor(Map.of("type", "subscribe", "id", 1, "channel", channel)));
            JsonNode subscribed = next(binary);
            assertEquals("subscribed", subscribed.path("type").asText());
            assertEquals(1, subscribed.path("id").asInt());

            json.publish(channel, "{\"text\":\"from json\"}");
            JsonNode publication = next(binary);
            assertEquals("publication", publication.path("type").asText());
            assertEquals("from json", publication.path("data").path("text").asText());

            json.subscribe(channel);
            byte[] raw = { 0, 1, 2, (byte) 0xfe, (byte) 0xff };
            binary.sendBinary(cbor(Map.of("type", "publish", "id", 2, "channel", channel, "data", raw)));
            // The reply and the publication's push both come; their relative order is not the point here.
            JsonNode first = next(binary);
            JsonNode second = next(binary);
            JsonNode published = first.path("type").asText().equals("published") ? first : second;
            JsonNode own = published == first ? second : first;
            assertEquals("published", published.path("type").asText());
            assertEquals(2, published.path("id").asInt());
            assertEquals("publication", own.path("type").asText());
            assertArrayEquals(raw, own.path("data").binaryValue(), "raw bytes travel as CBOR bytes");
            JsonNode seenByJson = json.publications(channel, 1).get(0);
            assertArrayEquals(raw, java.util.Base64.getDecoder().decode(seenByJson.path("data").asText()),
                    "JSON clients get the bytes as base64");
        }
    }

    @Test
    void cborGarbageIsBadRequestAndTheConnectionStays() throws Exception {
        try (TestClient binary = connectCbor()) {
            next(binary); // welcome
            byte[][] garbage = {
                    { (byte) 0xff, 0x00, 0x13 },          // a break code out of place
                    { (byte) 0x9f, 0x01, 0x02 },          // an unterminated indefinite array
                    CBOR.writeValueAsBytes(42),           // not a map
                    CBOR.writeValueAsBytes(Map.of("type", 7)),
                    { (byte) 0xbf },                      // truncated map
            };
            for (byte[] frame : garbage) {
                binary.sendBinary(frame);
                JsonNode error = next(binary);
                assertEquals("error", error.path("type").asText(), error.toString());
                assertEquals("bad_request", error.path("code").asText(), error.toString());
            }
            binary.send("{\"type\":\"ping\",\"id\":1}");
            assertEquals("bad_request", next(binary).path("code").asText(), "text frame on the CBOR subprotocol");
            binary.sendBinary(cbor(Map.of("type", "ping", "id", 9)));
            JsonNode pong = next(binary);
            assertEquals("pong", pong.path("type").asText());
            assertEquals(9, pong.path("id").asInt());
        }
    }

    @Test
    void permessageDeflateIsNegotiatedWhenOffered() throws Exception {
        String offered = RawWebSocket.upgradeResponse(base, "/ws",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertTrue(offered.startsWith("HTTP/1.1 101"), offered);
        assertTrue(offered.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate"), offered);
        String plain = RawWebSocket.upgradeResponse(base, "/ws", Map.of());
        assertTrue(!plain.toLowerCase(Locale.ROOT).contains("permessage-deflate"), plain);
    }

    @Test
    void subprotocolIsChosenBySecWebSocketProtocol() throws Exception {
        String response = RawWebSocket.upgradeResponse(base, "/ws",
                Map.of("Sec-WebSocket-Protocol", "switchboard.v1.cbor"));
        assertTrue(response.toLowerCase(Locale.ROOT).contains("sec-websocket-protocol: switchboard.v1.cbor"), response);
    }
}
