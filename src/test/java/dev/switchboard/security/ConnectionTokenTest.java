package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.TestKeys;
import dev.switchboard.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Connection tokens over real sockets: good tokens of each algorithm open a connection that names its user;
 * every kind of bad token is refused with HTTP 401 before a WebSocket exists; an expiring token ends an open
 * connection with {@code disconnect} and 4001.
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class ConnectionTokenTest {

    @TestHTTPResource("/")
    URI base;

    private int statusWithQueryToken(String token) throws Exception {
        return RawWebSocket.upgradeStatus(base, "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                Map.of());
    }

    private int statusWithBearer(String token) throws Exception {
        return RawWebSocket.upgradeStatus(base, "/ws", Map.of("Authorization", "Bearer " + token));
    }

    private TestClient connectWith(String token) {
        TestClient client = TestClient.open(base, "/ws", c -> c.addHeader("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void hs256TokenInHeaderNamesTheUserInWelcomeAndPresence() {
        String token = TestTokens.forUser("alice").claim("info", Map.of("name", "Alice")).hs256();
        try (TestClient alice = connectWith(token)) {
            JsonNode welcome = alice.awaitType("welcome");
            assertEquals("alice", welcome.path("user").asText());
            alice.subscribe("lobby");
            JsonNode presence = alice.request("presence", "\"channel\":\"lobby\"");
            JsonNode me = presence.path("clients").get(0);
            assertEquals("alice", me.path("user").asText());
            assertEquals("Alice", me.path("info").path("name").asText());
        }
    }

    @Test
    void tokenInQueryParameterIsAccepted() throws Exception {
        String token = TestTokens.forUser("bob").hs256();
        try (RawWebSocket ws = RawWebSocket.open(base,
                "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), Map.of())) {
            String welcome = ws.readFrame(Duration.ofSeconds(5)).text();
            assertTrue(welcome.contains("\"user\":\"bob\""), welcome);
        }
    }

    @Test
    void rs256AndEs256TokensAreAccepted() {
        try (TestClient rsa = connectWith(TestTokens.forUser("rsa-user").rs256(TestKeys.rsaPrivateKey()));
                TestClient ec = connectWith(TestTokens.forUser("ec-user").es256(TestKeys.ecPrivateKey()))) {
            assertEquals("rsa-user", rsa.awaitType("welcome").path("user").asText());
            assertEquals("ec-user", ec.awaitType("welcome").path("user").asText());
        }
    }

    @Test
    void noTokenIsRefusedWhenAnonymousConnectionsAreOff() throws Exception {
        assertEquals(401, RawWebSocket.upgradeStatus(base, "/ws", Map.of()));
        assertEquals(401, RawWebSocket.upgradeStatus(base, "/ws", Map.of("Authorization", "Bearer ")));
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        String good = TestTokens.forUser("alice").hs256();
        String forged = TestTokens.withPayloadOf(good, TestTokens.forUser("admin").hs256().replace("x", "y"));
        String admin = TestTokens.withPayloadOf(good, TestTokens.forUser("admin").hs256());
        assertEquals(401, statusWithBearer(admin));
        assertEquals(401, statusWithQueryToken(forged));
        String flipped = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA");
        assertEquals(401, statusWithBearer(flipped));
    }

    @Test
    void wrongAlgorithmsAreRefused() throws Exception {
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").unsigned()), "alg none");
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").hmac("HS384", "HmacSHA384",
                TestKeys.HMAC_SECRET)), "HS384 with the right secret");
        // Algorithm confusion: an HMAC token keyed with the server's RSA public key (PEM text) as the secret.
        String publicPem = java.nio.file.Files.readString(TestKeys.rsaPublicKey());
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").hmac("HS256", "HmacSHA256", publicPem)),
                "HS256 keyed with the public key");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() throws Exception {
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").expiresIn(-600).hs256()), "expired");
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").expiresIn(1200)
                .claim("nbf", Instant.now().plusSeconds(600).getEpochSecond()).hs256()), "not yet valid");
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").claim("exp", null).hs256()), "no exp");
    }

    @Test
    void tokensSignedWithAnotherKeyAreRefused() throws Exception {
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice")
                .hmac("HS256", "HmacSHA256", "another-secret-that-is-also-32-bytes-long")));
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").rs256(TestKeys.strangerRsaKey())));
    }

    @Test
    void tokenWithoutSubjectIsRefused() throws Exception {
        assertEquals(401, statusWithBearer(TestTokens.forUser("alice").claim("sub", null).hs256()));
        assertEquals(401, statusWithBearer(TestTokens.forUser("").hs256()));
    }

    @Test
    void garbageTokensAreRefused() throws Exception {
        for (String garbage : List.of("garbage", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.e30.")) {
            assertEquals(401, statusWithQueryToken(garbage), garbage);
        }
        assertEquals(401, statusWithBearer("x".repeat(9000)), "a token too long to parse");
    }

    @Test
    void tokenExpiringWhileConnectedEndsTheConnectionWith4001() {
        try (TestClient client = connectWith(TestTokens.forUser("shortlived").expiresIn(2).hs256())) {
            assertEquals("shortlived", client.awaitType("welcome").path("user").asText());
            JsonNode disconnect = client.awaitType("disconnect");
            assertEquals(4001, disconnect.path("code").asInt());
            assertTrue(disconnect.path("reconnect").asBoolean(), "a new token may reconnect: " + disconnect);
            assertEquals(4001, client.awaitClose());
        }
    }

    @Test
    void otherRoutesIgnoreTheTokenMachinery() {
        // quarkus-smallrye-jwt is on the class path, but no global mechanism checks bearer tokens on other routes.
        RestAssured.given().baseUri(base.toString()).header("Authorization", "Bearer garbage")
                .get("/q/health/live").then().statusCode(200);
        RestAssured.given().baseUri(base.toString()).get("/q/health/ready").then().statusCode(200);
    }
}
