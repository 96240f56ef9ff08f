package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The core's connection rules on a Pusher connection, in Pusher's terms: a client that stops answering pings is
 * closed with 4201 (Pusher's "pong reply not received": pusher-js reconnects at once), not the native 4009
 * (Pusher's "unauthorized"); a client over the message rate gets {@code pusher:error} 4301 and goes on; the
 * node's channels-per-connection limit holds.
 */
@QuarkusTest
@TestProfile(PusherTestProfile.class)
class PusherLimitsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aSilentClientIsClosedWithPushers4201() throws Exception {
        try (RawWebSocket silent = RawWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7")) {
            RawWebSocket.Frame established = silent.readFrame(Duration.ofSeconds(5));
            assertTrue(established.text().contains("pusher:connection_established"), established.text());
            RawWebSocket.Frame frame;
            int pings = 0;
            while ((frame = silent.readFrame(Duration.ofSeconds(10))).opcode() == RawWebSocket.PING) {
                pings++; // never answered
            }
            assertTrue(pings >= 1, "the server pings before it gives up");
            assertEquals(RawWebSocket.TEXT, frame.opcode());
            assertTrue(frame.text().contains("\"event\":\"pusher:error\"") && frame.text().contains("4201"),
                    frame.text());
            RawWebSocket.Frame close = silent.readFrame(Duration.ofSeconds(5));
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(4201, close.closeCode());
        }
    }

    @Test
    void aConnectionHoldsAtMostMaxChannelsPerConnection() {
        try (JdkWebSocket socket = JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7")) {
            for (int i = 0; i < PusherTestProfile.MAX_CHANNELS; i++) {
                socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"many-" + i + "\"}}");
                socket.await(f -> "pusher_internal:subscription_succeeded".equals(f.path("event").asText()), "subscribed");
            }
            socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"one-too-many\"}}");
            JsonNode error = socket.await(f -> "pusher:error".equals(f.path("event").asText()), "limit error").frame();
            assertTrue(error.path("data").path("message").asText().contains("too many channels"), error.toString());
            socket.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"many-0\"}}");
            socket.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"one-too-many\"}}");
            JsonNode ok = socket.await(f -> "pusher_internal:subscription_succeeded".equals(f.path("event").asText()),
                    "subscribed after an unsubscribe").frame();
            assertEquals("one-too-many", ok.path("channel").asText());
        }
    }

    @Test
    void messagesOverTheRateGetError4301AndTheConnectionGoesOn() throws Exception {
        try (JdkWebSocket socket = JdkWebSocket.open(base, "/app/" + PusherTestProfile.KEY + "?protocol=7")) {
            socket.await(f -> "pusher:connection_established".equals(f.path("event").asText()), "established");
            for (int i = 0; i < PusherTestProfile.BURST + 20; i++) {
                socket.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            }
            JsonNode limited = socket.await(f -> "pusher:error".equals(f.path("event").asText()), "rate error").frame();
            assertEquals(4301, limited.path("data").path("code").asInt(), limited.toString());
            // Every ping is answered, with a pong or an error; then, the bucket refilled (20 per second), a pong again.
            for (int i = 0; i < PusherTestProfile.BURST + 19; i++) {
                socket.await(f -> f.path("event").asText().matches("pusher:(pong|error)"), "an answer");
            }
            Thread.sleep(500);
            socket.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            socket.await(f -> "pusher:pong".equals(f.path("event").asText()), "a pong after the refill");
            assertTrue(socket.pending().isEmpty(), "nothing else: " + socket.pending());
        }
    }
}
