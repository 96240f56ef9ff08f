package dev.switchboard.connection.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code switchboard.compression.enabled=false} is the one switch: nothing is negotiated, and the Quarkus
 * property that makes Vert.x accept RSV1 follows it.
 */
@QuarkusTest
@TestProfile(CompressionOffTest.Off.class)
class CompressionOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.compression.enabled", "false");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void offMeansNoExtensionAndTheQuarkusSwitchFollows() throws Exception {
        assertFalse(ConfigProvider.getConfig().getValue(Compression.QUARKUS_SWITCH, Boolean.class));
        String response = RawWebSocket.upgradeResponse(base, "/ws",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertTrue(response.startsWith("HTTP/1.1 101"), response);
        assertFalse(response.toLowerCase(Locale.ROOT).contains("permessage-deflate"), response);
        try (RawWebSocket client = RawWebSocket.open(base, "/ws/echo",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            String message = "x".repeat(2000);
            client.sendText(message);
            RawWebSocket.Frame echo = client.readFrame(Duration.ofSeconds(10));
            assertFalse(echo.compressed());
            assertEquals(message, new String(echo.payload(), StandardCharsets.UTF_8));
        }
    }
}
