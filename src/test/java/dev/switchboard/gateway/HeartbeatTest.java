package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Heartbeat with interval 1 s and timeout 3 s. */
@QuarkusTest
@TestProfile(HeartbeatTest.ShortHeartbeat.class)
class HeartbeatTest {

    public static class ShortHeartbeat extends GatewayTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("switchboard.heartbeat.interval", "1s");
            config.put("switchboard.heartbeat.timeout", "3s");
            return config;
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void silentClientIsClosedWith4009AndGetsPingsFirst() throws Exception {
        try (RawWebSocket silent = RawWebSocket.open(base, "/ws")) {
            RawWebSocket.Frame welcome = silent.readFrame(Duration.ofSeconds(5));
            assertEquals(RawWebSocket.TEXT, welcome.opcode());
            int pings = 0;
            RawWebSocket.Frame frame;
            // never answer: collect pings until the server gives up on us
            while ((frame = silent.readFrame(Duration.ofSeconds(10))).opcode() == RawWebSocket.PING) {
                pings++;
            }
            assertTrue(pings >= 1, "the server pings before it gives up");
            assertEquals(RawWebSocket.TEXT, frame.opcode());
            String disconnect = frame.text();
            assertTrue(disconnect.contains("\"type\":\"disconnect\"") && disconnect.contains("4009")
                    && disconnect.contains("\"reconnect\":true"), disconnect);
            RawWebSocket.Frame close = silent.readFrame(Duration.ofSeconds(5));
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(4009, close.closeCode());
        }
    }

    @Test
    void clientThatAnswersPingsStaysConnected() throws InterruptedException {
        // The Vert.x client answers pings with pongs by itself, as browsers do.
        try (TestClient client = TestClient.connect(base)) {
            Thread.sleep(4500);
            assertFalse(client.isClosed(), "closed although it answered pings");
            assertEquals("pong", client.request("ping", null).path("type").asText());
        }
    }
}
