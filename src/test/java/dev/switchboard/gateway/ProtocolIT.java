package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.ArtifactUnderTest;
import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.PackagedAppProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The protocol against the packaged application (the jar, or the native executable with -Dnative): every frame
 * goes through Jackson there, so this is also the check that the native image can read and write them all.
 */
@ExtendWith(ArtifactUnderTest.class) // first: checks and prints the artifact before Quarkus launches it
@QuarkusIntegrationTest
@TestProfile(PackagedAppProfile.class)
class ProtocolIT {

    @TestHTTPResource("/")
    URI base;

    @Test
    void welcomeSubscribePublishAndRecover() {
        String channel = "it:" + UUID.randomUUID().toString().substring(0, 8);
        try (JdkWebSocket alice = JdkWebSocket.open(base, "/ws"); JdkWebSocket bob = JdkWebSocket.open(base, "/ws")) {
            String bobId = bob.awaitType("welcome").path("client").asText();
            JsonNode welcome = alice.awaitType("welcome");
            assertFalse(welcome.path("client").asText().isEmpty(), welcome.toString());
            assertEquals("1.0.0", welcome.path("version").asText());
            assertTrue(welcome.path("pingInterval").asLong() > 0, welcome.toString());

            JsonNode subscribed = alice.request("subscribe", "\"channel\":\"" + channel + "\"");
            assertEquals("subscribed", subscribed.path("type").asText(), subscribed.toString());
            assertEquals(0, subscribed.path("offset").asLong());
            assertFalse(subscribed.path("recovered").asBoolean());
            String epoch = subscribed.path("epoch").asText();

            for (int i = 1; i <= 3; i++) {
                JsonNode published = bob.request("publish", "\"channel\":\"" + channel + "\",\"data\":{\"n\":" + i + "}");
                assertEquals("published", published.path("type").asText(), published.toString());
                assertEquals(i, published.path("offset").asLong());
                JsonNode push = alice.awaitType("publication");
                assertEquals(i, push.path("offset").asLong());
                assertEquals(i, push.path("data").path("n").asInt());
                assertEquals(bobId, push.path("info").path("client").asText(), push.toString());
            }

            // A reconnecting client that saw offset 1 gets 2 and 3 back.
            try (JdkWebSocket again = JdkWebSocket.connect(base)) {
                JsonNode recovered = again.request("subscribe", "\"channel\":\"" + channel
                        + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":1}");
                assertTrue(recovered.path("recovered").asBoolean(), recovered.toString());
                assertEquals(3, recovered.path("offset").asLong());
                assertEquals(2, recovered.path("publications").size());
                assertEquals(2, recovered.path("publications").get(0).path("offset").asLong());
                assertEquals(3, recovered.path("publications").get(1).path("data").path("n").asInt());

                JsonNode history = again.request("history", "\"channel\":\"" + channel + "\",\"limit\":10");
                assertEquals("history", history.path("type").asText(), history.toString());
                assertEquals(3, history.path("publications").size());

                JsonNode presence = again.request("presence", "\"channel\":\"" + channel + "\"");
                assertEquals("presence", presence.path("type").asText(), presence.toString());
                assertEquals(2, presence.path("clients").size(), presence.toString());
            }

            JsonNode unsubscribed = alice.request("unsubscribe", "\"channel\":\"" + channel + "\"");
            assertEquals("unsubscribed", unsubscribed.path("type").asText(), unsubscribed.toString());
            assertEquals("pong", alice.request("ping", "").path("type").asText());
        }
    }

    @Test
    void badInputGetsErrorFrames() {
        try (JdkWebSocket client = JdkWebSocket.connect(base)) {
            client.send("not json");
            JsonNode error = client.awaitType("error");
            assertEquals("bad_request", error.path("code").asText());

            JsonNode unknown = client.request("fly", "");
            assertEquals("unknown_type", unknown.path("code").asText(), unknown.toString());

            JsonNode invalid = client.request("subscribe", "\"channel\":\"bad channel\"");
            assertEquals("invalid_channel", invalid.path("code").asText(), invalid.toString());

            JsonNode twice = client.request("unsubscribe", "\"channel\":\"never\"");
            assertEquals("not_subscribed", twice.path("code").asText(), twice.toString());
        }
    }

    @Test
    void echoEndpointReturnsTextUnchanged() {
        try (JdkWebSocket echo = JdkWebSocket.open(base, "/ws/echo")) {
            echo.send("{\"hello\":\"native\"}");
            JsonNode echoed = echo.await(f -> f.has("hello"), "the echoed frame").frame();
            assertEquals("native", echoed.path("hello").asText());
        }
    }
}
