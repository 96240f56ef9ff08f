package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.JdkWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Pusher HTTP API's request signing and input checks, over real HTTP: each fault refused with Pusher's status
 * and a plain-text reason (not the native API's problem+json), and the correctly signed call accepted.
 */
@QuarkusTest
@TestProfile(PusherTestProfile.class)
class PusherApiTest {

    private static final String EVENT = "{\"name\":\"e\",\"channels\":[\"c\"],\"data\":\"{}\"}";

    @TestHTTPResource("/")
    URI base;

    @Test
    void aCorrectlySignedTriggerIsAccepted() {
        HttpResponse<String> response = TestSigner.trigger(base, EVENT);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{}", response.body());
    }

    @Test
    void aWrongSignatureIsRefused() {
        HttpResponse<String> response = TestSigner.post(base, PusherTestProfile.APP, EVENT, PusherTestProfile.KEY,
                "not-the-secret", TestSigner.now(), TestSigner.md5(EVENT));
        assertPusherError(401, "Invalid signature", response);
    }

    @Test
    void anotherAppsSecretIsRefused() {
        HttpResponse<String> response = TestSigner.post(base, PusherTestProfile.APP, EVENT, PusherTestProfile.KEY,
                PusherTestProfile.OTHER_SECRET, TestSigner.now(), TestSigner.md5(EVENT));
        assertPusherError(401, "Invalid signature", response);
    }

    @Test
    void aStaleTimestampIsRefused() {
        HttpResponse<String> response = TestSigner.post(base, PusherTestProfile.APP, EVENT, PusherTestProfile.KEY,
                PusherTestProfile.SECRET, TestSigner.now() - 601, TestSigner.md5(EVENT));
        assertPusherError(401, "Timestamp expired", response);
    }

    @Test
    void aTimestampWithinTenMinutesIsAccepted() {
        HttpResponse<String> response = TestSigner.post(base, PusherTestProfile.APP, EVENT, PusherTestProfile.KEY,
                PusherTestProfile.SECRET, TestSigner.now() - 590, TestSigner.md5(EVENT));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void aWrongBodyMd5IsRefused() {
        HttpResponse<String> response = TestSigner.post(base, PusherTestProfile.APP, EVENT, PusherTestProfile.KEY,
                PusherTestProfile.SECRET, TestSigner.now(), TestSigner.md5(EVENT + " "));
        assertPusherError(401, "body_md5", response);
    }

    @Test
    void aMissingBodyMd5IsRefused() {
        HttpResponse<String> response = TestSigner.post(base, PusherTestProfile.APP, EVENT, PusherTestProfile.KEY,
                PusherTestProfile.SECRET, TestSigner.now(), null);
        assertPusherError(401, "body_md5", response);
    }

    @Test
    void anUnknownAppIsRefused() {
        HttpResponse<String> response = TestSigner.post(base, "no-such-app", EVENT, PusherTestProfile.KEY,
                PusherTestProfile.SECRET, TestSigner.now(), TestSigner.md5(EVENT));
        assertPusherError(404, "Unknown app", response);
    }

    @Test
    void anotherAppsKeyIsRefused() {
        HttpResponse<String> response = TestSigner.post(base, PusherTestProfile.APP, EVENT,
                PusherTestProfile.OTHER_KEY, PusherTestProfile.OTHER_SECRET, TestSigner.now(), TestSigner.md5(EVENT));
        assertPusherError(401, "auth_key", response);
    }

    @Test
    void dataThatIsNotAStringIsRefused() {
        assertPusherError(400, "data must be a string",
                TestSigner.trigger(base, "{\"name\":\"e\",\"channels\":[\"c\"],\"data\":{\"a\":1}}"));
    }

    @Test
    void anEventOverTheAppsSizeLimitIsRefused() {
        String data = "x".repeat(PusherTestProfile.MAX_EVENT_SIZE + 1);
        assertPusherError(413, "Payload too large",
                TestSigner.trigger(base, "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + data + "\"}"));
        String fits = "x".repeat(PusherTestProfile.MAX_EVENT_SIZE);
        assertEquals(200, TestSigner.trigger(base, "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + fits + "\"}")
                .statusCode());
    }

    @Test
    void badChannelsNamesAndSocketIdsAreRefused() {
        assertPusherError(400, "invalid channel name",
                TestSigner.trigger(base, "{\"name\":\"e\",\"channels\":[\"a:b\"],\"data\":\"x\"}"));
        assertPusherError(400, "channels", TestSigner.trigger(base, "{\"name\":\"e\",\"channels\":[],\"data\":\"x\"}"));
        assertPusherError(400, "socket_id",
                TestSigner.trigger(base, "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"x\",\"socket_id\":\"abc\"}"));
        assertPusherError(400, "name", TestSigner.trigger(base, "{\"channel\":\"c\",\"data\":\"x\"}"));
        assertPusherError(400, "not valid JSON", TestSigner.trigger(base, "{\"name\":"));
    }

    @Test
    void channelInfoOfAnEmptyChannel() {
        HttpResponse<String> response = TestSigner.get(base, "/apps/" + PusherTestProfile.APP + "/channels/nobody-here",
                Map.of("info", "subscription_count"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"occupied\":false,\"subscription_count\":0}", response.body());
        assertPusherError(400, "presence", TestSigner.get(base,
                "/apps/" + PusherTestProfile.APP + "/channels/nobody-here", Map.of("info", "user_count")));
    }

    @Test
    void channelInfoOfANameWithSemicolonsAndCommas() {
        try (JdkWebSocket socket = JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7")) {
            socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"a;b,c\"}}");
            socket.await(f -> "pusher_internal:subscription_succeeded".equals(f.path("event").asText()), "subscribed");
            HttpResponse<String> response = TestSigner.get(base, "/apps/" + PusherTestProfile.APP + "/channels/a;b,c",
                    Map.of("info", "subscription_count"));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"occupied\":true,\"subscription_count\":1}", response.body());
        }
    }

    @Test
    void theOccupiedChannelsAreListedWithPushersRules() throws Exception {
        try (JdkWebSocket one = JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7");
                JdkWebSocket other = JdkWebSocket.open(base, "/app/" + PusherTestProfile.OTHER_KEY + "?protocol=7")) {
            String socketId = socketId(one);
            socketId(other);
            String channelData = "{\"user_id\":\"lister\"}";
            String auth = PusherTestProfile.KEY + ":" + TestSigner.hmac(PusherTestProfile.SECRET,
                    socketId + ":presence-list-a:" + channelData);
            one.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-list-a\",\"auth\":\""
                    + auth + "\",\"channel_data\":" + PusherFrames.JSON.writeValueAsString(channelData) + "}}");
            one.await(f -> "pusher_internal:subscription_succeeded".equals(f.path("event").asText()), "presence");
            one.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"list-b\"}}");
            one.await(f -> "pusher_internal:subscription_succeeded".equals(f.path("event").asText())
                    && f.path("channel").asText().equals("list-b"), "public");
            other.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"list-c\"}}");
            other.await(f -> "pusher_internal:subscription_succeeded".equals(f.path("event").asText()), "other app");

            String path = "/apps/" + PusherTestProfile.APP + "/channels";
            HttpResponse<String> all = TestSigner.get(base, path, Map.of("info", "subscription_count"));
            assertEquals(200, all.statusCode(), all.body());
            JsonNode channels = PusherFrames.JSON.readTree(all.body()).path("channels");
            assertEquals(1, channels.path("presence-list-a").path("subscription_count").asInt(), all.body());
            assertEquals(1, channels.path("list-b").path("subscription_count").asInt(), all.body());
            assertTrue(channels.path("list-c").isMissingNode(), "another app's channel is not listed: " + all.body());

            HttpResponse<String> presence = TestSigner.get(base, path,
                    Map.of("filter_by_prefix", "presence-list", "info", "user_count"));
            assertEquals("{\"channels\":{\"presence-list-a\":{\"user_count\":1}}}", presence.body());
            assertEquals("{\"channels\":{\"list-b\":{}}}",
                    TestSigner.get(base, path, Map.of("filter_by_prefix", "list-")).body());
            assertPusherError(400, "presence-", TestSigner.get(base, path, Map.of("info", "user_count")));

            HttpResponse<String> one1 = TestSigner.get(base, path + "/presence-list-a",
                    Map.of("info", "user_count,subscription_count"));
            assertEquals("{\"occupied\":true,\"user_count\":1,\"subscription_count\":1}", one1.body());
        }
    }

    @Test
    void aTriggerWithInfoAnswersItsChannelsCounts() throws Exception {
        try (JdkWebSocket one = JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7");
                JdkWebSocket two = JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7")) {
            socketId(one);
            socketId(two);
            for (JdkWebSocket socket : List.of(one, two)) {
                socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"info-a\"}}");
                socket.await(f -> "pusher_internal:subscription_succeeded".equals(f.path("event").asText()), "info-a");
            }
            HttpResponse<String> counted = TestSigner.trigger(base, "{\"name\":\"e\",\"channels\":[\"info-a\",\"info-b\"],"
                    + "\"data\":\"{}\",\"info\":\"subscription_count,user_count\"}");
            assertEquals(200, counted.statusCode(), counted.body());
            // user_count is a presence channel's only; info-b has no subscriber
            assertEquals("{\"channels\":{\"info-a\":{\"subscription_count\":2},\"info-b\":{\"subscription_count\":0}}}",
                    counted.body());
            one.await(f -> "e".equals(f.path("event").asText()), "the event itself");

            HttpResponse<String> batch = TestSigner.batch(base, "{\"batch\":[{\"name\":\"e\",\"channel\":\"info-a\","
                    + "\"data\":\"{}\",\"info\":\"subscription_count\"},{\"name\":\"e\",\"channel\":\"info-a\",\"data\":\"{}\"}]}");
            assertEquals("{\"batch\":[{\"subscription_count\":2},{}]}", batch.body());

            assertPusherError(400, "unknown info attribute", TestSigner.trigger(base,
                    "{\"name\":\"e\",\"channel\":\"info-a\",\"data\":\"{}\",\"info\":\"members\"}"));
        }
    }

    private static String socketId(JdkWebSocket socket) throws Exception {
        JsonNode established = socket.await(f -> "pusher:connection_established".equals(f.path("event").asText()),
                "connection_established").frame();
        return PusherFrames.JSON.readTree(established.path("data").asText()).path("socket_id").asText();
    }

    private static void assertPusherError(int status, String text, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(text), "expected '" + text + "' in: " + response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain"), "Pusher errors are plain text, not " + type);
        assertFalse(response.body().contains("\"type\""), "not a problem+json body: " + response.body());
    }
}
