package dev.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The current state on subscribe: a subscriber that asks for the latest publication ({@code latest: true}, or a
 * namespace with {@code latest-on-subscribe}) finds the newest one in its reply, over /ws, SSE and long-poll, and
 * the HTTP API gives it as history with {@code limit=1}; with no history there is none, and recovery is unchanged.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class LatestOnSubscribeTest {

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void webSocketSubscribeWithLatestGetsTheNewestPublication() {
        String channel = "chat:latest-" + UUID.randomUUID();
        publishThree(channel);
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("subscribe", "\"channel\":\"" + channel + "\",\"latest\":true");
            assertEquals("subscribed", reply.path("type").asText(), reply.toString());
            assertFalse(reply.path("recovered").asBoolean(), "a state, not a recovery");
            assertEquals(3, reply.path("offset").asLong());
            assertEquals(1, reply.path("publications").size());
            assertEquals(3, reply.path("publications").get(0).path("offset").asLong());
            assertEquals("third", reply.path("publications").get(0).path("data").asText());
            // Live publications follow the state, exactly once.
            ApiTest.publish(channel, "\"fourth\"");
            assertEquals(4, client.publications(channel, 1).get(0).path("offset").asLong());
        }
        try (TestClient plain = TestClient.connect(base)) {
            JsonNode reply = plain.subscribe(channel);
            assertEquals(0, reply.path("publications").size(), "clients that do not ask get what they got before");
        }
    }

    @Test
    void aNamespaceDefaultGivesTheLatestUnlessTheClientSaysNo() {
        String channel = "state:game-" + UUID.randomUUID();
        publishThree(channel);
        try (TestClient client = TestClient.connect(base); TestClient other = TestClient.connect(base)) {
            assertEquals("third", client.subscribe(channel).path("publications").get(0).path("data").asText());
            JsonNode reply = other.request("subscribe", "\"channel\":\"" + channel + "\",\"latest\":false");
            assertEquals(0, reply.path("publications").size());
        }
    }

    @Test
    void withoutHistoryThereIsNoLatest() {
        String channel = "nohistory:latest-" + UUID.randomUUID();
        ApiTest.publish(channel, "\"gone\"");
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("subscribe", "\"channel\":\"" + channel + "\",\"latest\":true");
            assertEquals("subscribed", reply.path("type").asText(), reply.toString());
            assertEquals(0, reply.path("publications").size());
        }
        String empty = "chat:never-" + UUID.randomUUID();
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("subscribe", "\"channel\":\"" + empty + "\",\"latest\":true");
            assertEquals(0, reply.path("offset").asLong());
            assertEquals(0, reply.path("publications").size());
        }
    }

    @Test
    void recoveryIsUnchangedByLatest() {
        String channel = "chat:latest-" + UUID.randomUUID();
        publishThree(channel);
        String epoch = ApiTest.api().get("/api/v1/channels/" + channel + "/history").jsonPath().getString("epoch");
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("subscribe", "\"channel\":\"" + channel
                    + "\",\"latest\":true,\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":1}");
            assertEquals(true, reply.path("recovered").asBoolean());
            assertEquals(2, reply.path("publications").size(), "what was missed, not only the latest");
        }
    }

    @Test
    void sseWithLatestStartsWithTheNewestPublication() {
        String channel = "chat:latest-" + UUID.randomUUID();
        publishThree(channel);
        try (SseClient sse = SseClient.openWith(base, null, "&latest=true", channel)) {
            sse.next("subscribed");
            SseClient.Event first = sse.next("publication");
            assertEquals(3, first.data().path("offset").asLong());
            assertEquals("third", first.data().path("data").asText());
            ApiTest.publish(channel, "\"fourth\"");
            assertEquals(4, sse.next("publication").data().path("offset").asLong());
        }
        try (SseClient sse = SseClient.open(base, null, channel)) {
            sse.next("subscribed");
            sse.assertNoEvent(Duration.ofMillis(300));
        }
    }

    @Test
    void longPollWithLatestAnswersTheNewestPublication() throws Exception {
        String channel = "chat:latest-" + UUID.randomUUID();
        publishThree(channel);
        JsonNode answer = poll("/poll?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "&latest=true");
        assertEquals(3, answer.path("offset").asLong());
        assertEquals(1, answer.path("publications").size());
        assertEquals("third", answer.path("publications").get(0).path("data").asText());
        JsonNode plain = poll("/poll?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8));
        assertEquals(0, plain.path("publications").size());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(base.resolve("/poll?channel="
                + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "&latest=maybe")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
    }

    @Test
    void theApiGivesTheLatestAsHistoryWithLimitOne() {
        String channel = "chat:latest-" + UUID.randomUUID();
        publishThree(channel);
        JsonPath latest = ApiTest.api().get("/api/v1/channels/" + channel + "/history?limit=1")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(3, latest.getLong("offset"));
        assertEquals(1, latest.getList("publications").size());
        assertEquals("third", latest.getString("publications[0].data"));
    }

    private static void publishThree(String channel) {
        ApiTest.publish(channel, "\"first\"");
        ApiTest.publish(channel, "\"second\"");
        ApiTest.publish(channel, "\"third\"");
    }

    private JsonNode poll(String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return TestClient.parse(response.body());
    }
}
