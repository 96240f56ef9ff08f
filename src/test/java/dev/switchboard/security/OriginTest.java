package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The origin allow-list ({@code https://app.example.com, https://*.example.org}) at the upgrade: a foreign or
 * {@code null} Origin gets 403 before any WebSocket exists, even with a valid token; a missing Origin (a
 * non-browser client) is let through. {@code /ws/echo} is guarded too.
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class OriginTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @CsvSource({
            "https://app.example.com, 101",
            "https://chat.example.org, 101",
            "https://a.b.example.org, 101",
            "https://evil.example.net, 403",
            "https://example.org.evil.net, 403",
            "http://app.example.com, 403",
            "https://app.example.com.evil.net, 403",
            "null, 403",
            "'', 101",
    })
    void originIsCheckedBeforeTheUpgrade(String origin, int expected) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + TestTokens.forUser("alice").hs256());
        if (!origin.isEmpty()) {
            headers.put("Origin", origin);
        }
        assertEquals(expected, RawWebSocket.upgradeStatus(base, "/ws", headers), "Origin: " + origin);
        assertEquals(expected, RawWebSocket.upgradeStatus(base, "/ws/echo", headers), "echo, Origin: " + origin);
    }
}
