package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Each kind of bad input gets the error PROTOCOL.md gives, and the connection keeps working afterwards: every
 * test ends with a ping that must be answered, and a bystander keeps receiving.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class BadInputTest {

    @TestHTTPResource("/")
    URI base;

    private static void assertStillServes(TestClient client) {
        assertEquals("pong", client.request("ping", null).path("type").asText(), "connection no longer serves");
    }

    private static JsonNode error(TestClient client, String code) {
        JsonNode error = client.awaitType("error");
        assertEquals(code, error.path("code").asText(), error.toString());
        assertFalse(error.path("message").asText().isBlank(), "error without a message: " + error);
        return error;
    }

    @ParameterizedTest
    @ValueSource(strings = { "not json", "[1,2]", "42", "\"text\"", "null", "{\"type\":\"ping\"", "{}x" })
    void nonObjectFramesAreBadRequests(String frame) {
        try (TestClient client = TestClient.connect(base)) {
            client.send(frame);
            JsonNode error = error(client, "bad_request");
            assertFalse(error.has("id"));
            assertStillServes(client);
        }
    }

    @Test
    void missingTypeIsBadRequestWithId() {
        try (TestClient client = TestClient.connect(base)) {
            client.send("{\"id\":7,\"channel\":\"a\"}");
            assertEquals(7, error(client, "bad_request").path("id").asLong());
            client.send("{\"id\":8,\"type\":5}");
            assertEquals(8, error(client, "bad_request").path("id").asLong());
            assertStillServes(client);
        }
    }

    @Test
    void unknownTypeIsUnknownType() {
        try (TestClient client = TestClient.connect(base)) {
            client.send("{\"type\":\"teleport\",\"id\":3}");
            assertEquals(3, error(client, "unknown_type").path("id").asLong());
            assertStillServes(client);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"since\":{\"epoch\":\"e\",\"offset\":\"x\"}}",
            "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"since\":{\"epoch\":\"e\",\"offset\":\"5\"}}",
            "{\"type\":\"subscribe\",\"id\":1,\"channel\":123}",
            "{\"type\":\"subscribe\",\"id\":1,\"channel\":[\"a\"]}",
            "{\"type\":\"subscribe\",\"id\":1}",
            "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"since\":5}",
            "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"since\":{\"offset\":5}}",
            "{\"type\":\"publish\",\"id\":1,\"channel\":\"a\"}",
            "{\"type\":\"history\",\"id\":1,\"channel\":\"a\",\"limit\":\"ten\"}",
            "{\"type\":\"history\",\"id\":1,\"channel\":\"a\",\"limit\":5000}",
            "{\"type\":\"history\",\"id\":1,\"channel\":\"a\",\"limit\":0}",
            "{\"type\":\"unsubscribe\",\"id\":1,\"channel\":true}",
    })
    void wronglyTypedOrMissingFieldsAreBadRequests(String frame) {
        try (TestClient client = TestClient.connect(base)) {
            client.send(frame);
            assertEquals(1, error(client, "bad_request").path("id").asLong());
            assertStillServes(client);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"id\":\"1\"", "\"id\":-4", "\"id\":0", "\"id\":1.5" })
    void badIdsAreBadRequests(String id) {
        try (TestClient client = TestClient.connect(base)) {
            client.send("{\"type\":\"ping\"," + id + "}");
            assertFalse(error(client, "bad_request").has("id"));
            assertStillServes(client);
        }
    }

    @Test
    void binaryFrameOnJsonSubprotocolIsBadRequest() {
        try (TestClient client = TestClient.connect(base)) {
            client.sendBinary(new byte[] { 1, 2, 3 });
            error(client, "bad_request");
            assertStillServes(client);
        }
    }

    @Test
    void invalidChannelNames() {
        try (TestClient client = TestClient.connect(base)) {
            for (String name : new String[] { "", "a".repeat(256), "bad channel", "ch/1", "ch$", "caf\u00e9",
                    "a\\u0000b" }) {
                JsonNode reply = client.request("subscribe", "\"channel\":\"" + name + "\"");
                assertEquals("invalid_channel", reply.path("code").asText(), name + " -> " + reply);
            }
            for (String type : new String[] { "publish", "presence", "history", "unsubscribe" }) {
                String data = type.equals("publish") ? ",\"data\":1" : "";
                JsonNode reply = client.request(type, "\"channel\":\"a b\"" + data);
                assertEquals("invalid_channel", reply.path("code").asText(), type + " -> " + reply);
            }
            assertEquals("subscribed", client.subscribe("a".repeat(255)).path("type").asText());
            assertEquals("subscribed", client.subscribe("Az09_-:.@=x").path("type").asText());
            assertStillServes(client);
        }
    }

    @Test
    void subscribeTwiceAndUnsubscribeUnknown() {
        String ch = "plain:" + UUID.randomUUID();
        try (TestClient client = TestClient.connect(base)) {
            client.subscribe(ch);
            assertEquals("already_subscribed", client.request("subscribe", "\"channel\":\"" + ch + "\"")
                    .path("code").asText());
            assertEquals("not_subscribed", client.request("unsubscribe", "\"channel\":\"chat:other\"")
                    .path("code").asText());
            // the first subscription still works
            client.publish(ch, "1");
            assertEquals(1, client.publications(ch, 1).size());
            assertStillServes(client);
        }
    }

    @Test
    void userLimitedChannelsAreClosedToAnonymousConnections() {
        try (TestClient client = TestClient.connect(base)) {
            for (String type : new String[] { "subscribe", "publish", "presence", "history" }) {
                String data = type.equals("publish") ? ",\"data\":1" : "";
                JsonNode reply = client.request(type, "\"channel\":\"inbox#alice\"" + data);
                assertEquals("permission_denied", reply.path("code").asText(), type + " -> " + reply);
            }
            assertStillServes(client);
        }
    }

    @Test
    void publishPolicies() {
        try (TestClient client = TestClient.connect(base)) {
            assertEquals("permission_denied",
                    client.request("publish", "\"channel\":\"feed:x\",\"data\":1").path("code").asText());
            assertEquals("not_subscribed",
                    client.request("publish", "\"channel\":\"members:x\",\"data\":1").path("code").asText());
            client.subscribe("members:x");
            assertEquals("published",
                    client.request("publish", "\"channel\":\"members:x\",\"data\":1").path("type").asText());
            assertStillServes(client);
        }
    }

    @Test
    void presenceOffIsDenied() {
        try (TestClient client = TestClient.connect(base)) {
            assertEquals("permission_denied",
                    client.request("presence", "\"channel\":\"quiet:x\"").path("code").asText());
            assertStillServes(client);
        }
    }

    @Test
    void tooManyChannelsIsLimitExceeded() {
        try (TestClient client = TestClient.connect(base)) {
            String prefix = "many" + UUID.randomUUID().toString().substring(0, 6) + ":";
            for (int i = 0; i < 128; i++) {
                client.send("{\"type\":\"subscribe\",\"id\":" + (1000 + i) + ",\"channel\":\"" + prefix + i + "\"}");
            }
            for (int i = 0; i < 128; i++) {
                assertEquals("subscribed", client.awaitId(1000 + i).path("type").asText());
            }
            JsonNode reply = client.request("subscribe", "\"channel\":\"" + prefix + "overflow\"");
            assertEquals("limit_exceeded", reply.path("code").asText());
            client.request("unsubscribe", "\"channel\":\"" + prefix + "0\"");
            assertEquals("subscribed", client.subscribe(prefix + "overflow").path("type").asText());
            assertStillServes(client);
        }
    }

    @Test
    void oversizeMessageClosesWith1009AndOthersAreUnaffected() {
        String ch = "plain:" + UUID.randomUUID();
        try (TestClient bystander = TestClient.connect(base); TestClient offender = TestClient.connect(base)) {
            bystander.subscribe(ch);
            offender.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":\"" + "x".repeat(70_000) + "\"}");
            JsonNode disconnect = offender.awaitType("disconnect");
            assertEquals(1009, disconnect.path("code").asInt());
            assertFalse(disconnect.path("reconnect").asBoolean());
            assertEquals(1009, offender.awaitClose());
            bystander.assertNoFrame(f -> "publication".equals(f.path("type").asText()), java.time.Duration.ofMillis(200));
            bystander.publish(ch, "\"still here\"");
            assertEquals("still here", bystander.publications(ch, 1).get(0).path("data").asText());
        }
    }

    @Test
    void messageFragmentedPastTheLimitGetsDisconnectThen1009() throws Exception {
        try (RawWebSocket offender = RawWebSocket.open(base, "/ws")) {
            offender.readFrame(java.time.Duration.ofSeconds(5)); // welcome
            byte[] part = "x".repeat(40_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            offender.sendFrame(RawWebSocket.TEXT, part, false);
            offender.sendFrame(0 /* continuation */, part, true);
            RawWebSocket.Frame disconnect = offender.readFrame(java.time.Duration.ofSeconds(5));
            assertTrue(disconnect.text().contains("\"code\":1009") && disconnect.text().contains("\"reconnect\":false"),
                    disconnect.text());
            RawWebSocket.Frame close = offender.readFrame(java.time.Duration.ofSeconds(5));
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
        }
    }

    @Test
    void tenMegabyteFrameIsCutOffWithoutBeingBuffered() throws Exception {
        try (RawWebSocket offender = RawWebSocket.open(base, "/ws"); TestClient bystander = TestClient.connect(base)) {
            offender.readFrame(java.time.Duration.ofSeconds(5)); // welcome
            byte[] huge = new byte[10 * 1024 * 1024];
            java.util.Arrays.fill(huge, (byte) 'x');
            Thread writer = new Thread(() -> {
                try {
                    offender.sendFrame(RawWebSocket.TEXT, huge, true);
                } catch (java.io.IOException expected) {
                    // the server stops reading and closes long before 10 MB are through
                }
            });
            writer.start();
            // The frame decoder refuses the frame from its header; the close frame 1009 goes out and the server
            // discards what still arrives (lingering close), so the close frame is not lost to a reset.
            RawWebSocket.Frame close = offender.readFrameOrEnd(java.time.Duration.ofSeconds(10));
            org.junit.jupiter.api.Assertions.assertNotNull(close, "the 1009 close frame was lost");
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
            writer.join(10_000);
            assertStillServes(bystander);
        }
    }

    @Test
    void deeplyNestedDataIsRejected() {
        try (TestClient client = TestClient.connect(base)) {
            String nested = "[".repeat(500) + "]".repeat(500);
            client.send("{\"type\":\"publish\",\"id\":1,\"channel\":\"a\",\"data\":" + nested + "}");
            error(client, "bad_request");
            assertTrue(client.pending().isEmpty());
            assertStillServes(client);
        }
    }
}
