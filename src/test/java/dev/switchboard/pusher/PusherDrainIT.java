package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.PackagedApp;

/**
 * SIGTERM to the packaged application with a Pusher client connected: the drain closes it with Pusher's 4200
 * ("reconnect at once": pusher-js then connects again, to another node behind the load balancer), after a
 * {@code pusher:error} of the same code, instead of the native 1001.
 */
class PusherDrainIT {

    @Test
    void sigtermClosesPusherClientsWith4200() throws Exception {
        try (PackagedApp app = PackagedApp.start(Map.of(
                "switchboard.drain.period", "1s",
                "switchboard.demo.ticker.enabled", "false",
                "switchboard.pusher.apps.app-one.key", PusherTestProfile.KEY,
                "switchboard.pusher.apps.app-one.secret", PusherTestProfile.SECRET));
                JdkWebSocket client = JdkWebSocket.open(app.base(), "/app/" + PusherTestProfile.KEY + "?protocol=7")) {
            client.await(f -> "pusher:connection_established".equals(f.path("event").asText()), "established");
            app.process().destroy(); // SIGTERM on Linux
            JsonNode error = client.await(f -> "pusher:error".equals(f.path("event").asText()), "the notice").frame();
            assertEquals(4200, error.path("data").path("code").asInt(), error.toString());
            assertEquals(4200, client.awaitClose());
        }
    }
}
