package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The security defaults, with the gateway tests' profile (no auth settings, no origin list): anonymous
 * connections work but are kept out of what needs a user, the default origin policy admits this server's own
 * pages and localhost only, and 1,000 subscribes on one socket end at the channel limit.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DefaultSecurityTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @CsvSource({
            "SELF, 101",
            "http://localhost:3000, 101",
            "http://127.0.0.1:9999, 101",
            "https://evil.example.com, 403",
            "http://localhost.evil.example.com, 403",
            "null, 403",
            "'', 101",
    })
    void defaultOriginPolicy(String origin, int expected) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (origin.equals("SELF")) {
            headers.put("Origin", "http://" + base.getHost() + ":" + base.getPort());
        } else if (!origin.isEmpty()) {
            headers.put("Origin", origin);
        }
        assertEquals(expected, RawWebSocket.upgradeStatus(base, "/ws", headers), "Origin: " + origin);
    }

    @Test
    void anInvalidTokenIsRefusedEvenWhereAnonymousIsAllowed() throws Exception {
        // No key is configured here: a token cannot be verified, and is not silently downgraded to anonymous.
        assertEquals(401, RawWebSocket.upgradeStatus(base, "/ws?token=abc", Map.of()));
    }

    @Test
    void anonymousConnectionsAreKeptOutOfWhatNeedsAUser() {
        try (TestClient anonymous = TestClient.connect(base)) {
            for (String channel : new String[] { "inbox#alice", "vault:x" }) {
                JsonNode reply = anonymous.request("subscribe", "\"channel\":\"" + channel + "\"");
                assertEquals("permission_denied", reply.path("code").asText(), reply.toString());
                reply = anonymous.request("subscribe", "\"channel\":\"" + channel + "\",\"token\":\"abc\"");
                assertEquals("permission_denied", reply.path("code").asText(), reply.toString());
            }
            anonymous.subscribe("lobby");
        }
    }

    @Test
    void thousandSubscribesOnOneSocketStopAtTheChannelLimit() {
        String prefix = "many" + UUID.randomUUID().toString().substring(0, 6) + ":";
        try (TestClient client = TestClient.connect(base); TestClient bystander = TestClient.connect(base)) {
            for (int i = 1; i <= 1000; i++) {
                client.send("{\"type\":\"subscribe\",\"id\":" + i + ",\"channel\":\"" + prefix + i + "\"}");
            }
            int subscribed = 0;
            int limited = 0;
            for (int i = 1; i <= 1000; i++) {
                String type = client.awaitId(i).path("type").asText();
                if (type.equals("subscribed")) {
                    subscribed++;
                } else {
                    limited++;
                }
            }
            assertEquals(128, subscribed);
            assertEquals(872, limited);
            assertEquals("pong", client.request("ping", null).path("type").asText());
            assertEquals("pong", bystander.request("ping", null).path("type").asText());
        }
    }
}
