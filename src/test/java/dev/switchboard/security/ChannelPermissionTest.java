package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Channel permissions over real sockets: user-limited channels, the private namespace {@code secret} with its
 * subscription tokens, the {@code channels} claim, client publish off ({@code feed}) and the payload limit
 * ({@code small}, 100 bytes). Each refusal is an error frame; the connection keeps serving.
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class ChannelPermissionTest {

    @TestHTTPResource("/")
    URI base;

    private TestClient connect(TestTokens token) {
        TestClient client = TestClient.open(base, "/ws", c -> c.addHeader("Authorization", "Bearer " + token.hs256()));
        client.awaitType("welcome");
        return client;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertError(JsonNode reply, String code) {
        assertEquals("error", reply.path("type").asText(), reply.toString());
        assertEquals(code, reply.path("code").asText(), reply.toString());
    }

    private static JsonNode subscribeWithToken(TestClient client, String channel, String token) {
        return client.request("subscribe", "\"channel\":\"" + channel + "\",\"token\":\"" + token + "\"");
    }

    @Test
    void anotherUsersChannelIsDeniedOwnChannelIsAllowed() {
        try (TestClient alice = connect(TestTokens.forUser("alice"))) {
            assertError(alice.request("subscribe", "\"channel\":\"inbox#bob\""), "permission_denied");
            assertError(alice.request("history", "\"channel\":\"inbox#bob\""), "permission_denied");
            assertError(alice.request("publish", "\"channel\":\"inbox#bob\",\"data\":1"), "permission_denied");
            alice.subscribe("inbox#alice");
        }
    }

    @Test
    void privateChannelNeedsAValidSubscriptionToken() {
        String channel = unique("secret:room");
        try (TestClient alice = connect(TestTokens.forUser("alice"))) {
            assertError(alice.request("subscribe", "\"channel\":\"" + channel + "\""), "permission_denied");
            String forBob = TestTokens.forUser("bob").claim("channel", channel).hs256();
            assertError(subscribeWithToken(alice, channel, forBob), "permission_denied");
            String otherChannel = TestTokens.forUser("alice").claim("channel", channel + "x").hs256();
            assertError(subscribeWithToken(alice, channel, otherChannel), "permission_denied");
            String expired = TestTokens.forUser("alice").claim("channel", channel).expiresIn(-600).hs256();
            assertError(subscribeWithToken(alice, channel, expired), "permission_denied");
            String noChannel = TestTokens.forUser("alice").hs256();
            assertError(subscribeWithToken(alice, channel, noChannel), "permission_denied");
            String tampered = TestTokens.withPayloadOf(forBob,
                    TestTokens.forUser("alice").claim("channel", channel).hs256());
            assertError(subscribeWithToken(alice, channel, tampered), "permission_denied");
            assertError(subscribeWithToken(alice, channel, "garbage"), "permission_denied");
            assertError(alice.request("presence", "\"channel\":\"" + channel + "\""), "permission_denied");
            assertError(alice.request("history", "\"channel\":\"" + channel + "\""), "permission_denied");

            String valid = TestTokens.forUser("alice").claim("channel", channel).hs256();
            assertEquals("subscribed", subscribeWithToken(alice, channel, valid).path("type").asText());
            assertEquals("presence", alice.request("presence", "\"channel\":\"" + channel + "\"").path("type").asText());
            alice.publish(channel, "\"inside\"");
            assertEquals("inside", alice.publications(channel, 1).get(0).path("data").asText());
        }
    }

    @Test
    void channelsClaimGrantsListedChannelsWithoutFurtherChecks() {
        String vip = unique("secret:vip");
        try (TestClient carol = connect(TestTokens.forUser("carol").claim("channels", List.of(vip, "inbox#dave")))) {
            carol.subscribe(vip);
            carol.subscribe("inbox#dave");
            assertError(carol.request("subscribe", "\"channel\":\"" + vip + "x\""), "permission_denied");
        }
    }

    @Test
    void publishWhereClientPublishIsOffIsDenied() {
        try (TestClient alice = connect(TestTokens.forUser("alice"))) {
            alice.subscribe("feed:prices");
            assertError(alice.request("publish", "\"channel\":\"feed:prices\",\"data\":1"), "permission_denied");
            assertEquals("pong", alice.request("ping", null).path("type").asText());
        }
    }

    @Test
    void payloadOverTheNamespaceLimitIsLimitExceeded() {
        String channel = unique("small:c");
        try (TestClient alice = connect(TestTokens.forUser("alice"))) {
            alice.subscribe(channel);
            assertError(alice.request("publish", "\"channel\":\"" + channel + "\",\"data\":\"" + "x".repeat(120) + "\""),
                    "limit_exceeded");
            alice.publish(channel, "\"" + "x".repeat(90) + "\"");
            assertEquals(90, alice.publications(channel, 1).get(0).path("data").asText().length());
        }
    }
}
