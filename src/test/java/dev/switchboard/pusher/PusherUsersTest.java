package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.testing.JdkWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * User authentication ({@code pusher:signin}) and the per-app connection quota frame by frame, over a raw
 * WebSocket: what pusher-js would never send (bad signatures, user_data without an id, a second user, another
 * user's channel) gets Pusher's error and the connection goes on. pusher-js and the SDK themselves are in
 * {@code users.mjs} and {@code sdk-api.mjs}.
 */
@QuarkusTest
@TestProfile(PusherTestProfile.class)
class PusherUsersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void badSigninsGetPusherErrorsAndAGoodOneSucceeds() throws Exception {
        try (JdkWebSocket socket = open()) {
            String socketId = socketId(socket);
            socket.send("{\"event\":\"pusher:signin\",\"data\":{}}");
            assertTrue(awaitEvent(socket, "pusher:error").path("data").path("code").isNull(), "bad shape: code null");

            String alice = "{\"id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}";
            signin(socket, socketId, alice, "not-the-secret");
            assertEquals(4009, awaitEvent(socket, "pusher:error").path("data").path("code").asInt(), "forged: 4009");

            signin(socket, socketId, "{\"name\":\"no id\"}", PusherTestProfile.SECRET);
            assertEquals(4009, awaitEvent(socket, "pusher:error").path("data").path("code").asInt(), "no id: 4009");

            signin(socket, socketId, alice, PusherTestProfile.SECRET);
            JsonNode success = awaitEvent(socket, "pusher:signin_success");
            assertTrue(success.path("data").isTextual(), "data is a JSON string: " + success);
            assertEquals(alice, JSON.readTree(success.path("data").textValue()).path("user_data").textValue());

            signin(socket, socketId, "{\"id\":\"bob\"}", PusherTestProfile.SECRET);
            JsonNode other = awaitEvent(socket, "pusher:error");
            assertEquals(4009, other.path("data").path("code").asInt(), other.toString());
            assertTrue(other.path("data").path("message").asText().contains("another user"), other.toString());

            socket.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            awaitEvent(socket, "pusher:pong");
        }
    }

    @Test
    void aServerToUserChannelIsOnlyForItsSignedInUser() throws Exception {
        try (JdkWebSocket anonymous = open(); JdkWebSocket alice = open(); JdkWebSocket bob = open()) {
            socketId(anonymous);
            subscribe(anonymous, "#server-to-user-alice");
            assertEquals(401, awaitEvent(anonymous, "pusher:subscription_error").path("data").path("status").asInt());

            signin(alice, socketId(alice), "{\"id\":\"alice\"}", PusherTestProfile.SECRET);
            awaitEvent(alice, "pusher:signin_success");
            signin(bob, socketId(bob), "{\"id\":\"bob\"}", PusherTestProfile.SECRET);
            awaitEvent(bob, "pusher:signin_success");
            subscribe(bob, "#server-to-user-alice");
            assertEquals(401, awaitEvent(bob, "pusher:subscription_error").path("data").path("status").asInt());
            subscribe(alice, "#server-to-user-alice");
            assertEquals("#server-to-user-alice",
                    awaitEvent(alice, "pusher_internal:subscription_succeeded").path("channel").asText());

            String body = "{\"name\":\"note\",\"channels\":[\"#server-to-user-alice\"],\"data\":\"{}\"}";
            assertEquals(200, TestSigner.trigger(base, body).statusCode());
            JsonNode note = awaitEvent(alice, "note");
            assertEquals("#server-to-user-alice", note.path("channel").asText(), note.toString());
        }
    }

    @Test
    void theNativeApiReachesPusherChannelsAndSignedInUsers() throws Exception {
        try (JdkWebSocket carol = open(); JdkWebSocket other = open()) {
            signin(carol, socketId(carol), "{\"id\":\"carol|x\"}", PusherTestProfile.SECRET);
            awaitEvent(carol, "pusher:signin_success");
            subscribe(carol, "mixed;room");
            awaitEvent(carol, "pusher_internal:subscription_succeeded");
            socketId(other);

            HttpResponse<String> published = nativeApi("/api/v1/publish",
                    "{\"channel\":\"pusher:" + PusherTestProfile.APP + ":mixed:sroom\",\"data\":{\"n\":1}}");
            assertEquals(200, published.statusCode(), published.body());
            JsonNode event = awaitEvent(carol, "message");
            assertEquals("mixed;room", event.path("channel").asText(), event.toString());
            assertEquals("{\"n\":1}", event.path("data").textValue(), "a native object goes as its JSON text");

            HttpResponse<String> disconnected = nativeApi("/api/v1/disconnect",
                    "{\"user\":\"pusher:" + PusherTestProfile.APP + ":carol=7Cx\"}");
            assertEquals(1, PusherFrames.JSON.readTree(disconnected.body()).path("disconnected").asInt(),
                    disconnected.body()); // the cluster-wide disconnect also names the nodes that answered
            assertEquals(4009, awaitEvent(carol, "pusher:error").path("data").path("code").asInt());
            assertEquals(4009, carol.awaitClose());
            other.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            awaitEvent(other, "pusher:pong");
        }
    }

    private HttpResponse<String> nativeApi(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").header("X-API-Key", PusherTestProfile.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAppOverItsConnectionQuotaGets4004() {
        String path = "/app/" + PusherTestProfile.QUOTA_KEY + "?protocol=7";
        try (JdkWebSocket first = JdkWebSocket.open(base, path); JdkWebSocket second = JdkWebSocket.open(base, path)) {
            awaitEvent(first, "pusher:connection_established");
            awaitEvent(second, "pusher:connection_established");
            try (JdkWebSocket third = JdkWebSocket.open(base, path)) {
                JsonNode error = awaitEvent(third, "pusher:error");
                assertEquals(4004, error.path("data").path("code").asInt(), error.toString());
                assertEquals(4004, third.awaitClose());
            }
            try (JdkWebSocket otherApp = open()) {
                awaitEvent(otherApp, "pusher:connection_established"); // the quota is per app
            }
        }
        // Both closed: the app has room again (the count falls once the server has seen the closes).
        try (JdkWebSocket again = awaitAdmitted(path); JdkWebSocket another = JdkWebSocket.open(base, path)) {
            awaitEvent(another, "pusher:connection_established");
        }
    }

    /** Opens connections to {@code path} until one is established (the closes above reach the server first). */
    private JdkWebSocket awaitAdmitted(String path) {
        long deadline = System.nanoTime() + JdkWebSocket.TIMEOUT.toNanos();
        while (true) {
            JdkWebSocket socket = JdkWebSocket.open(base, path);
            JsonNode first = socket.await(f -> f.path("event").asText().startsWith("pusher:"), "the first frame").frame();
            if ("pusher:connection_established".equals(first.path("event").asText())) {
                return socket;
            }
            socket.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the quota was not given back: " + first);
            }
        }
    }

    private JdkWebSocket open() {
        return JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7&client=js&version=8.4.0");
    }

    private static void signin(JdkWebSocket socket, String socketId, String userData, String secret) {
        String auth = PusherTestProfile.KEY + ":" + TestSigner.hmac(secret, socketId + "::user::" + userData);
        socket.send(JSON.createObjectNode().put("event", "pusher:signin").set("data", JSON.createObjectNode()
                .put("auth", auth).put("user_data", userData)).toString());
    }

    private static void subscribe(JdkWebSocket socket, String channel) {
        socket.send(JSON.createObjectNode().put("event", "pusher:subscribe")
                .set("data", JSON.createObjectNode().put("channel", channel)).toString());
    }

    private static String socketId(JdkWebSocket socket) throws Exception {
        JsonNode established = awaitEvent(socket, "pusher:connection_established");
        return JSON.readTree(established.path("data").textValue()).path("socket_id").asText();
    }

    private static JsonNode awaitEvent(JdkWebSocket socket, String event) {
        return socket.await(f -> event.equals(f.path("event").asText()), event).frame();
    }
}
