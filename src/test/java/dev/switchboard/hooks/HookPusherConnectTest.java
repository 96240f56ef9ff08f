package dev.switchboard.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The connect hook at Pusher upgrades ({@code switchboard.hooks.connect.protocols=native,pusher}): the back end is
 * asked with {@code protocol: "pusher"} and the forwarded cookie; its refusal is the upgrade's 403/401, its user
 * the connection's.
 */
@QuarkusTest
@TestProfile(HookTestProfile.class)
class HookPusherConnectTest {

    @RegisterExtension
    static final ProxyBackendExtension backend = new ProxyBackendExtension();

    @TestHTTPResource("/")
    URI base;

    private static HookBackend events;

    @BeforeAll
    static void startEvents() {
        events = new HookBackend(HookBackend.port("events"), request -> HookBackend.Reply.json("{}")).start();
    }

    @AfterAll
    static void stopEvents() {
        if (events != null) {
            events.close();
        }
    }

    private static final String PATH = "/app/" + HookTestProfile.PUSHER_KEY + "?protocol=7&client=js&version=8.4.0";

    @Test
    void aRefusedPusherUpgradeGets403Or401AndAFailingBackEnd503() throws Exception {
        assertEquals(403, RawWebSocket.upgradeStatus(base, PATH, Map.of("Cookie", "session=banned")));
        assertEquals(401, RawWebSocket.upgradeStatus(base, PATH, Map.of("Cookie", "session=stranger")));
        assertEquals(503, RawWebSocket.upgradeStatus(base, PATH, Map.of("Cookie", "session=broken")));
        HookBackend.Request asked = backend.requests("/connect").stream()
                .filter(r -> "session=banned".equals(r.header("Cookie"))).findFirst().orElseThrow();
        assertEquals("pusher", asked.body().path("protocol").asText());
        assertEquals("/app/" + HookTestProfile.PUSHER_KEY, asked.body().path("path").asText());
    }

    @Test
    void anAllowedPusherConnectionCarriesTheBackEndsUser() throws InterruptedException {
        try (TestClient pat = TestClient.open(base, PATH, c -> c.addHeader("Cookie", "session=pat"))) {
            JsonNode established = pat.await(f -> "pusher:connection_established".equals(f.path("event").asText()),
                    "connection_established");
            String socketId = TestClient.parse(established.path("data").asText()).path("socket_id").asText();
            // The connection's user shows in the back end's events: connected, from the Pusher face, as pat.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            JsonNode connected = null;
            while (connected == null && System.nanoTime() < deadline) {
                connected = connectedEvent(socketId);
            }
            assertEquals("pat", connected == null ? null : connected.path("user").asText(), String.valueOf(connected));
            assertEquals("pusher", connected.path("protocol").asText());
        }
    }

    private static JsonNode connectedEvent(String socketId) throws InterruptedException {
        Thread.sleep(20);
        for (HookBackend.Request batch : events.requests()) {
            for (JsonNode e : batch.body().path("events")) {
                if (socketId.equals(e.path("client").asText()) && "connected".equals(e.path("kind").asText())) {
                    return e;
                }
            }
        }
        return null;
    }
}
