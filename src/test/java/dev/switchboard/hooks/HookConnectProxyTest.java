package dev.switchboard.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The connect proxy, against a real HTTP back end: its answer is the connection's identity, or its refusal. */
@QuarkusTest
@TestProfile(HookTestProfile.class)
class HookConnectProxyTest {

    @RegisterExtension
    static final ProxyBackendExtension backend = new ProxyBackendExtension();

    @TestHTTPResource("/")
    URI base;

    @Test
    void theBackEndNamesTheUserFromTheForwardedCookie() {
        try (TestClient alice = TestClient.open(base, "/ws",
                c -> c.addHeader("Cookie", "theme=dark; session=alice").addHeader("X-Not-Forwarded", "1"))) {
            JsonNode welcome = alice.awaitType("welcome");
            assertEquals("alice", welcome.path("user").asText());
            HookBackend.Request asked = last("/connect");
            assertEquals("theme=dark; session=alice", asked.header("Cookie"));
            assertEquals(null, asked.header("X-Not-Forwarded"), "only the configured headers are forwarded");
            assertEquals("native", asked.body().path("protocol").asText());
            // The answer's channels are subscribed by the server (a private namespace: granted, no token needed),
            // with a `subscribed` without id; its info is the connection's.
            JsonNode subscribed = alice.awaitType("subscribed");
            assertEquals("vip:lounge", subscribed.path("channel").asText());
            assertTrue(subscribed.path("id").isMissingNode(), subscribed.toString());
            assertEquals("already_subscribed",
                    alice.request("subscribe", "\"channel\":\"vip:lounge\"").path("code").asText());
            alice.publish("vip:lounge", "{\"text\":\"hi\"}");
            assertEquals("hi", alice.publications("vip:lounge", 1).get(0).path("data").path("text").asText());
            JsonNode members = alice.request("presence", "\"channel\":\"vip:lounge\"");
            assertEquals("alice from the back end", members.path("clients").get(0).path("info").path("name").asText());
        }
    }

    @Test
    void noCookieIsAnAnonymousConnectionWhenTheBackEndSaysSo() {
        try (TestClient anonymous = TestClient.open(base, "/ws")) {
            assertTrue(anonymous.awaitType("welcome").path("user").isNull(), "anonymous");
            JsonNode reply = anonymous.request("subscribe", "\"channel\":\"vip:lounge\"");
            assertEquals("permission_denied", reply.path("code").asText(), "no grant without the back end's say");
        }
    }

    @Test
    void refusalsAre403Or401BeforeTheWebSocketOpens() throws Exception {
        assertEquals(403, RawWebSocket.upgradeStatus(base, "/ws", Map.of("Cookie", "session=banned")));
        assertEquals(401, RawWebSocket.upgradeStatus(base, "/ws", Map.of("Cookie", "session=stranger")));
    }

    @Test
    void aBackEndThatTimesOutOrFailsGives503InTime() throws Exception {
        double timeouts = HookMetricsText.calls("connect", "timeout");
        long started = System.nanoTime();
        assertEquals(503, RawWebSocket.upgradeStatus(base, "/ws", Map.of("Cookie", "session=slow")));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < ProxyBackend.TOO_SLOW_MILLIS, "answered after the 500 ms timeout, not the back end: "
                + tookMillis + " ms");
        assertEquals(timeouts + 1, HookMetricsText.calls("connect", "timeout"));
        double badStatus = HookMetricsText.calls("connect", "bad_status");
        assertEquals(503, RawWebSocket.upgradeStatus(base, "/ws", Map.of("Cookie", "session=broken")));
        assertEquals(badStatus + 1, HookMetricsText.calls("connect", "bad_status"));
        double badResponse = HookMetricsText.calls("connect", "bad_response");
        assertEquals(503, RawWebSocket.upgradeStatus(base, "/ws", Map.of("Cookie", "session=garbled")));
        assertEquals(badResponse + 1, HookMetricsText.calls("connect", "bad_response"));
        // JSON of the right shape with a wrongly typed field is a bad response too, not an admission.
        assertEquals(503, RawWebSocket.upgradeStatus(base, "/ws", Map.of("Cookie", "session=numbered")));
        assertEquals(badResponse + 2, HookMetricsText.calls("connect", "bad_response"));
    }

    @Test
    void theBackEndsExpiryClosesTheConnectionWith4001() {
        try (TestClient brief = TestClient.open(base, "/ws", c -> c.addHeader("Cookie", "session=brief"))) {
            assertEquals("brief", brief.awaitType("welcome").path("user").asText());
            assertEquals(4001, brief.awaitClose(), "closed when the back end's expireAt passed");
        }
    }

    @Test
    void aConnectionTokenStillWorksBesideTheProxyAndIsNotSentToIt() {
        int asked = backend.requests("/connect").size();
        String token = TestTokens.forUser("bob").hs256();
        try (TestClient bob = TestClient.open(base, "/ws?token=" + token, c -> c.addHeader("Cookie", "session=alice"))) {
            assertEquals("bob", bob.awaitType("welcome").path("user").asText());
        }
        assertEquals(asked, backend.requests("/connect").size(), "a token is verified here, the back end not asked");
    }

    private static HookBackend.Request last(String path) {
        List<HookBackend.Request> requests = backend.requests(path);
        assertTrue(!requests.isEmpty(), "the back end was not asked on " + path);
        return requests.get(requests.size() - 1);
    }

    @Test
    void aTokensSubsClaimSubscribesTheConnectionServerSide() {
        String token = TestTokens.forUser("tessa").claim("subs", List.of("vip:briefing", "room:jwt")).hs256();
        try (TestClient tessa = TestClient.open(base, "/ws?token=" + token)) {
            tessa.awaitType("welcome");
            JsonNode first = tessa.awaitType("subscribed");
            JsonNode second = tessa.awaitType("subscribed");
            assertEquals(List.of("vip:briefing", "room:jwt"), List.of(first.path("channel").asText(),
                    second.path("channel").asText()), "in the claim's order");
            assertTrue(first.path("id").isMissingNode() || first.path("id").isNull(), "no id: " + first);
            tessa.publish("vip:briefing", "{\"text\":\"granted\"}"); // a private namespace: the claim grants it
            assertEquals("granted", tessa.publications("vip:briefing", 1).get(0).path("data").path("text").asText());
        }
    }
}
