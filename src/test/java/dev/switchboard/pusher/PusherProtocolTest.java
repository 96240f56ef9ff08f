package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.testing.JdkWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Pusher endpoint frame by frame, over a raw WebSocket: the handshake's answers (unknown app, protocol
 * versions), the frame shapes of protocol 7 ({@code data} a JSON string), and bad input answered with
 * {@code pusher:error} while the connection keeps working.
 */
@QuarkusTest
@TestProfile(PusherTestProfile.class)
class PusherProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void anUnknownKeyGetsError4001AndTheClose() {
        try (JdkWebSocket socket = JdkWebSocket.open(base, "/app/no-such-key?protocol=7&client=js&version=8.4.0")) {
            JsonNode error = awaitEvent(socket, "pusher:error");
            assertEquals(4001, error.path("data").path("code").asInt(), error.toString());
            assertEquals(4001, socket.awaitClose());
        }
    }

    @Test
    void protocolVersionsAreChecked() {
        assertRefused("/app/" + PusherTestProfile.KEY, 4008);
        assertRefused("/app/" + PusherTestProfile.KEY + "?protocol=x", 4006);
        assertRefused("/app/" + PusherTestProfile.KEY + "?protocol=4", 4007);
    }

    @Test
    void connectionEstablishedCarriesASocketIdInAJsonString() throws Exception {
        try (JdkWebSocket socket = open()) {
            JsonNode established = awaitEvent(socket, "pusher:connection_established");
            assertTrue(established.path("data").isTextual(), "data is a JSON string: " + established);
            JsonNode data = JSON.readTree(established.path("data").textValue());
            assertTrue(data.path("socket_id").asText().matches("^\\d+\\.\\d+$"), data.toString());
            assertEquals(120, data.path("activity_timeout").asInt());
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (JdkWebSocket socket = open()) {
            socket.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            awaitEvent(socket, "pusher:pong");
        }
    }

    @Test
    void badInputGetsPusherErrorAndTheConnectionKeepsWorking() {
        try (JdkWebSocket socket = open(); JdkWebSocket bystander = open()) {
            bystander.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"twice\"}}");
            awaitEvent(bystander, "pusher_internal:subscription_succeeded");
            assertError(socket, "{not json", "invalid JSON");
            assertError(socket, "[1,2]", "event");
            assertError(socket, "{\"event\":\"pusher:nonsense\",\"data\":{}}", "unknown event");
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":\"not an object\"}", "channel");
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"a:b\"}}", "invalid channel name");
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + "x".repeat(165) + "\"}}",
                    "invalid channel name");
            assertError(socket, "{\"event\":\"client-x\",\"channel\":\"private-nope\",\"data\":{}}", "subscribe");
            socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"twice\"}}");
            assertEquals("twice", awaitEvent(socket, "pusher_internal:subscription_succeeded").path("channel").asText());
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"twice\"}}", "already subscribed");
            assertError(socket, "{\"event\":\"client-x\",\"channel\":\"twice\",\"data\":{}}", "private and presence");
            // Still subscribed once, and still working: an event arrives exactly once, its data a JSON string.
            assertEquals(200, TestSigner.trigger(base, "{\"name\":\"after\",\"channel\":\"twice\",\"data\":\"{\\\"n\\\":1}\"}")
                    .statusCode());
            JsonNode event = awaitEvent(socket, "after");
            assertEquals("twice", event.path("channel").asText());
            assertEquals("{\"n\":1}", event.path("data").textValue());
            socket.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            awaitEvent(socket, "pusher:pong");
            assertTrue(socket.pending().stream().noneMatch(f -> "after".equals(f.path("event").asText())),
                    "the event came once: " + socket.pending());
            assertEquals("{\"n\":1}", awaitEvent(bystander, "after").path("data").textValue(),
                    "another connection on the node kept working throughout");
        }
    }

    @Test
    void moreBadInputKindsGetPusherErrors() {
        try (JdkWebSocket socket = open()) {
            assertError(socket, "{\"event\":42,\"data\":{}}", "event");
            assertError(socket, "{\"event\":\"pusher_internal:member_added\",\"data\":{}}", "unknown event");
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":42}}", "channel");
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"\"}}", "invalid channel name");
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"sp ace\"}}", "invalid channel name");
            assertError(socket, "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"#server-to-user-\"}}",
                    "invalid channel name");
            assertError(socket, "{\"event\":\"pusher:unsubscribe\",\"data\":[]}", "channel");
            assertError(socket, "{\"event\":\"pusher:signin\",\"data\":\"a string\"}", "signin");
            socket.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            awaitEvent(socket, "pusher:pong");
        }
    }

    @Test
    void aMessageOverTheNodesSizeLimitClosesOnlyThatConnection() {
        try (JdkWebSocket big = open(); JdkWebSocket other = open()) {
            awaitEvent(big, "pusher:connection_established");
            other.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"still-here\"}}");
            awaitEvent(other, "pusher_internal:subscription_succeeded");
            big.send("{\"event\":\"client-x\",\"channel\":\"a\",\"data\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, big.awaitClose(), "larger than switchboard.limits.max-message-size (64 KiB)");
            assertEquals(200, TestSigner.trigger(base, "{\"name\":\"e\",\"channel\":\"still-here\",\"data\":\"1\"}")
                    .statusCode());
            awaitEvent(other, "e");
        }
    }

    @Test
    void clientEventsAreRefusedWhenTheAppDoesNotAllowThem() throws Exception {
        try (JdkWebSocket socket = JdkWebSocket.open(base, "/app/" + PusherTestProfile.OTHER_KEY + "?protocol=7")) {
            String socketId = socketId(socket);
            String auth = PusherTestProfile.OTHER_KEY + ":" + TestSigner.hmac(PusherTestProfile.OTHER_SECRET,
                    socketId + ":private-room");
            socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-room\",\"auth\":\"" + auth + "\"}}");
            awaitEvent(socket, "pusher_internal:subscription_succeeded");
            assertError(socket, "{\"event\":\"client-x\",\"channel\":\"private-room\",\"data\":{}}", "not enabled");
        }
    }

    @Test
    void clientEventsAreRefusedOnEncryptedChannels() throws Exception {
        try (JdkWebSocket socket = open()) {
            String socketId = socketId(socket);
            String auth = PusherTestProfile.KEY + ":" + TestSigner.hmac(PusherTestProfile.SECRET,
                    socketId + ":private-encrypted-box");
            socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-encrypted-box\",\"auth\":\""
                    + auth + "\"}}");
            awaitEvent(socket, "pusher_internal:subscription_succeeded");
            assertError(socket, "{\"event\":\"client-x\",\"channel\":\"private-encrypted-box\",\"data\":{}}",
                    "private and presence");
        }
    }

    @Test
    void aClientEventOverTheSizeLimitIsRefused() throws Exception {
        try (JdkWebSocket socket = open()) {
            String socketId = socketId(socket);
            String auth = PusherTestProfile.KEY + ":" + TestSigner.hmac(PusherTestProfile.SECRET, socketId + ":private-big");
            socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-big\",\"auth\":\"" + auth + "\"}}");
            awaitEvent(socket, "pusher_internal:subscription_succeeded");
            String big = "x".repeat(PusherTestProfile.MAX_EVENT_SIZE + 1);
            assertError(socket, "{\"event\":\"client-x\",\"channel\":\"private-big\",\"data\":\"" + big + "\"}", "larger");
        }
    }

    @Test
    void aFullPresenceChannelRefusesANewUserButNotAKnownOne() throws Exception {
        try (JdkWebSocket a = open(); JdkWebSocket b = open(); JdkWebSocket c = open(); JdkWebSocket a2 = open()) {
            joinPresence(a, "presence-full", "a");
            joinPresence(b, "presence-full", "b");
            subscribePresence(c, "presence-full", "c");
            JsonNode error = awaitEvent(c, "pusher:error");
            assertEquals(4100, error.path("data").path("code").asInt(), error.toString());
            JsonNode succeeded = joinPresence(a2, "presence-full", "a");
            JsonNode presence = JSON.readTree(succeeded.path("data").textValue()).path("presence");
            assertEquals(2, presence.path("count").asInt(), presence.toString());
        }
    }

    @Test
    void aPresenceSubscriptionWithoutUserIdIsRefused() throws Exception {
        try (JdkWebSocket socket = open()) {
            String socketId = socketId(socket);
            String channelData = "{\"user_info\":{}}";
            String auth = PusherTestProfile.KEY + ":" + TestSigner.hmac(PusherTestProfile.SECRET,
                    socketId + ":presence-x:" + channelData);
            socket.send(JSON.createObjectNode().put("event", "pusher:subscribe").set("data", JSON.createObjectNode()
                    .put("channel", "presence-x").put("auth", auth).put("channel_data", channelData)).toString());
            JsonNode error = awaitEvent(socket, "pusher:subscription_error");
            assertEquals(401, error.path("data").path("status").asInt(), error.toString());
        }
    }

    @Test
    void connectionsAndFramesAreMeteredUnderProtocolPusher() {
        double opened = metric("switchboard_connections_opened_total", "");
        double control = metric("switchboard_frames_out_total", "type=\"control\"");
        try (JdkWebSocket socket = open()) {
            awaitEvent(socket, "pusher:connection_established");
            socket.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            awaitEvent(socket, "pusher:pong");
        }
        assertTrue(metric("switchboard_connections_opened_total", "") >= opened + 1, "opened counted");
        assertTrue(metric("switchboard_frames_out_total", "type=\"control\"") >= control + 2,
                "connection_established and pong counted");
    }

    // --- helpers ---

    /** The value of a Prometheus sample of protocol="pusher" (with {@code label} too), 0 when absent. */
    private double metric(String name, String label) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith(name + "{") && l.contains("protocol=\"pusher\"")
                    && l.contains(label)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (Exception e) {
            throw new AssertionError("could not scrape /q/metrics", e);
        }
    }

    private JdkWebSocket open() {
        return JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7&client=js&version=8.4.0");
    }

    private static String socketId(JdkWebSocket socket) throws Exception {
        JsonNode established = awaitEvent(socket, "pusher:connection_established");
        return JSON.readTree(established.path("data").textValue()).path("socket_id").asText();
    }

    private static JsonNode joinPresence(JdkWebSocket socket, String channel, String user) throws Exception {
        subscribePresence(socket, channel, user);
        return awaitEvent(socket, "pusher_internal:subscription_succeeded");
    }

    private static void subscribePresence(JdkWebSocket socket, String channel, String user) throws Exception {
        String socketId = socketId(socket);
        String channelData = "{\"user_id\":\"" + user + "\"}";
        String auth = PusherTestProfile.KEY + ":" + TestSigner.hmac(PusherTestProfile.SECRET,
                socketId + ":" + channel + ":" + channelData);
        socket.send(JSON.createObjectNode().put("event", "pusher:subscribe").set("data", JSON.createObjectNode()
                .put("channel", channel).put("auth", auth).put("channel_data", channelData)).toString());
    }

    private void assertRefused(String path, int code) {
        try (JdkWebSocket socket = JdkWebSocket.open(base, path)) {
            JsonNode error = awaitEvent(socket, "pusher:error");
            assertEquals(code, error.path("data").path("code").asInt(), error.toString());
            assertEquals(code, socket.awaitClose(Duration.ofSeconds(10)));
        }
    }

    private static void assertError(JdkWebSocket socket, String frame, String text) {
        socket.send(frame);
        JsonNode error = awaitEvent(socket, "pusher:error");
        assertTrue(error.path("data").path("code").isNull(), "no code: the connection goes on: " + error);
        assertTrue(error.path("data").path("message").asText().contains(text), "expected '" + text + "' in " + error);
    }

    private static JsonNode awaitEvent(JdkWebSocket socket, String event) {
        return socket.await(f -> event.equals(f.path("event").asText()), event).frame();
    }
}
