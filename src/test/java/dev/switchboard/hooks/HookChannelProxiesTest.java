package dev.switchboard.hooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The subscribe proxy (namespace {@code guarded}) and the publish proxy (namespace {@code checked}), against a real
 * HTTP back end: allowed, refused with permission_denied, rewritten, and a back end that cannot answer.
 */
@QuarkusTest
@TestProfile(HookTestProfile.class)
class HookChannelProxiesTest {

    @RegisterExtension
    static final ProxyBackendExtension backend = new ProxyBackendExtension();

    @TestHTTPResource("/")
    URI base;

    @Test
    void theSubscribeProxyAllowsAndIsToldWhoAsks() {
        try (TestClient carol = TestClient.open(base, "/ws", c -> c.addHeader("Cookie", "session=carol"))) {
            carol.awaitType("welcome");
            carol.subscribe("guarded:news");
            HookBackend.Request asked = backend.requests("/subscribe").stream()
                    .filter(r -> r.body().path("channel").asText().equals("guarded:news")).findFirst().orElseThrow();
            assertEquals("carol", asked.body().path("user").asText());
            assertTrue(!asked.body().path("client").asText().isEmpty());
        }
    }

    @Test
    void theSubscribeProxyRefusesWithPermissionDeniedAndNothingIsJoined() {
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("subscribe", "\"channel\":\"guarded:room-closed\"");
            assertEquals("error", reply.path("type").asText());
            assertEquals("permission_denied", reply.path("code").asText());
            assertEquals("members only", reply.path("message").asText());
            // Not half-subscribed: the same channel can be asked again (and is refused again, not already_subscribed).
            assertEquals("permission_denied",
                    client.request("subscribe", "\"channel\":\"guarded:room-closed\"").path("code").asText());
        }
    }

    @Test
    void aSlowSubscribeBackEndGivesBackendUnavailableAfterTheTimeout() {
        try (TestClient client = TestClient.connect(base)) {
            long started = System.nanoTime();
            JsonNode reply = client.request("subscribe", "\"channel\":\"guarded:room-slow\"");
            assertEquals("backend_unavailable", reply.path("code").asText(), reply.toString());
            assertTrue((System.nanoTime() - started) / 1_000_000 < ProxyBackend.TOO_SLOW_MILLIS);
        }
    }

    @Test
    void longPollReadersAreAskedToo() {
        given().queryParam("channel", "guarded:poll-open").queryParam("since", "e1:0").queryParam("timeout", "0").get("/poll").then()
                .statusCode(200);
        given().queryParam("channel", "guarded:poll-closed").queryParam("since", "e1:0").queryParam("timeout", "0").get("/poll").then()
                .statusCode(403).body("type", equalTo("urn:switchboard:problem:permission-denied"));
        given().queryParam("channel", "guarded:poll-slow").queryParam("since", "e1:0").queryParam("timeout", "0").get("/poll").then()
                .statusCode(503).body("type", equalTo("urn:switchboard:problem:backend-unavailable"));
        HookBackend.Request asked = backend.requests("/subscribe").stream()
                .filter(r -> r.body().path("channel").asText().equals("guarded:poll-open")).findFirst().orElseThrow();
        assertTrue(asked.body().path("client").isNull(), "a long-poll reader is no connection");
    }

    @Test
    void theSubscribeHookGetsTheConfiguredHeadersOfTheUpgrade() {
        try (TestClient client = TestClient.open(base, "/ws", c -> c.addHeader("Cookie", "session=hedy")
                .addHeader("X-Client-Build", "42").addHeader("X-Other", "no"))) {
            client.awaitType("welcome");
            assertEquals("subscribed", client.subscribe("guarded:headers").path("type").asText());
            client.publish("guarded:headers", "{\"text\":\"hi\"}");
        }
        HookBackend.Request asked = backend.requests("/subscribe").stream()
                .filter(r -> r.body().path("channel").asText().equals("guarded:headers")).findFirst().orElseThrow();
        assertEquals("session=hedy", asked.header("Cookie"));
        assertEquals("42", asked.header("X-Client-Build"));
        assertEquals(null, asked.header("X-Other"), "only the configured headers");
    }

    @Test
    void aLongPollWithoutSinceIsAskedBeforeThePositionIsTold() {
        given().queryParam("channel", "guarded:first-poll-open").get("/poll").then().statusCode(200)
                .body("channel", equalTo("guarded:first-poll-open"));
        given().queryParam("channel", "guarded:first-poll-closed").get("/poll").then()
                .statusCode(403).body("type", equalTo("urn:switchboard:problem:permission-denied"));
        assertTrue(backend.requests("/subscribe").stream()
                .anyMatch(r -> r.body().path("channel").asText().equals("guarded:first-poll-open")));
    }

    @Test
    void namespacesThatDoNotAskAreNeverSentToTheBackEnd() {
        try (TestClient client = TestClient.connect(base)) {
            client.subscribe("plain:unchecked");
            client.publish("plain:unchecked", "{\"action\":\"refuse\"}");
        }
        assertTrue(backend.requests().stream().noneMatch(r -> r.body() != null
                && "plain:unchecked".equals(r.body().path("channel").asText())));
    }

    @Test
    void thePublishProxyAllowsRefusesAndRewrites() {
        try (TestClient dave = TestClient.open(base, "/ws", c -> c.addHeader("Cookie", "session=dave"));
                TestClient reader = TestClient.connect(base)) {
            dave.awaitType("welcome");
            reader.subscribe("checked:board");

            dave.publish("checked:board", "{\"action\":\"say\",\"text\":\"hello\"}");
            JsonNode refused = dave.request("publish",
                    "\"channel\":\"checked:board\",\"data\":{\"action\":\"refuse\"}");
            assertEquals("permission_denied", refused.path("code").asText());
            assertEquals("not in this channel", refused.path("message").asText());
            dave.publish("checked:board", "{\"action\":\"rewrite\",\"text\":\"raw\"}");
            JsonNode failed = dave.request("publish", "\"channel\":\"checked:board\",\"data\":{\"action\":\"fail\"}");
            assertEquals("backend_unavailable", failed.path("code").asText());

            // The reader gets the allowed one as sent and the rewritten one as the back end rewrote it; nothing else.
            List<JsonNode> got = reader.publications("checked:board", 2);
            assertEquals("hello", got.get(0).path("data").path("text").asText());
            assertEquals("rewritten by the back end", got.get(1).path("data").path("text").asText());
            assertEquals("dave", got.get(1).path("data").path("by").asText());
            reader.assertNoFrame(f -> "publication".equals(f.path("type").asText()), Duration.ofMillis(300));
            // The rewrite is what history keeps.
            JsonNode history = reader.request("history", "\"channel\":\"checked:board\"");
            assertEquals("rewritten by the back end",
                    history.path("publications").get(1).path("data").path("text").asText());
        }
    }
}
