package dev.switchboard.browser;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The server itself drops a page's connection: Bob's network goes silent (a half-open connection through a TCP
 * proxy), the server's heartbeat notices and closes it with 4009, Alice sees Bob leave and keeps writing, and
 * Bob's page reconnects by itself and shows every message exactly once, in order. A short heartbeat makes the
 * server notice within seconds; nothing else differs from production.
 */
@QuarkusTest
@TestProfile(ServerDropsConnectionBrowserTest.ShortHeartbeat.class)
class ServerDropsConnectionBrowserTest {

    public static class ShortHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.heartbeat.interval", "1s",
                    "switchboard.heartbeat.timeout", "3s",
                    // Chromium offers permessage-deflate (on by default): this run covers compressed frames.
                    "switchboard.namespaces.chat.join-leave", "true");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void pageRecoversAfterTheServerDroppedItsConnection() {
        BrowserScript.run("chat.mjs", base, Duration.ofMinutes(2), "heartbeat");
    }
}
