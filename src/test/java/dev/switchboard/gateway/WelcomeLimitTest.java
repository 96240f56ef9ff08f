package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code welcome.maxMessageSize} is the configured limit, and exactly the one enforced: a message of that many
 * UTF-8 bytes is accepted, one byte more is closed with 1009. Clients count on it to refuse oversize commands.
 */
@QuarkusTest
@TestProfile(WelcomeLimitTest.SmallMessages.class)
class WelcomeLimitTest {

    static final int LIMIT = 2048;

    public static class SmallMessages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.limits.max-message-size", String.valueOf(LIMIT));
        }
    }

    @TestHTTPResource("/")
    URI base;

    /** A publish frame of exactly {@code bytes} UTF-8 bytes; 'é' (2 bytes) makes bytes and characters differ. */
    private static String publishOfSize(String channel, long id, int bytes) {
        String head = "{\"type\":\"publish\",\"id\":" + id + ",\"channel\":\"" + channel + "\",\"data\":\"";
        String tail = "\"}";
        int room = bytes - head.length() - tail.length();
        String data = "é".repeat(room / 2) + "x".repeat(room % 2);
        String frame = head + data + tail;
        assertEquals(bytes, frame.getBytes(StandardCharsets.UTF_8).length);
        return frame;
    }

    @Test
    void welcomeAnnouncesTheLimitThatIsEnforced() {
        String ch = "plain:" + UUID.randomUUID().toString().substring(0, 8);
        try (TestClient client = TestClient.open(base, "/ws")) {
            JsonNode welcome = client.awaitType("welcome");
            assertEquals(LIMIT, welcome.path("maxMessageSize").asInt(), welcome.toString());

            client.send(publishOfSize(ch, 900, LIMIT));
            assertEquals("published", client.awaitId(900).path("type").asText(), "a message of exactly the limit passes");

            client.send(publishOfSize(ch, 901, LIMIT + 1));
            assertEquals(1009, client.awaitType("disconnect").path("code").asInt());
            assertEquals(1009, client.awaitClose());
        }
    }
}
