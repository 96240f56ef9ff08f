package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionRegistry;

import org.junit.jupiter.api.Test;

import dev.switchboard.security.SecurityTestProfile;
import dev.switchboard.testing.PacedFlood;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A subscriber that stops reading under a publication flood is cut off with 4008 while another subscriber of the
 * same channel receives every publication, and the bytes the node holds for the slow one never pass
 * {@code switchboard.limits.max-outbound-buffer} (256 KiB in SecurityTestProfile).
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class SlowConsumerTest {

    private static final int PUBLICATIONS = 900;
    private static final long BOUND = 262_144;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ConnectionRegistry sessions;

    private TestClient connect(String user) {
        TestClient client = TestClient.open(base, "/ws",
                c -> c.addHeader("Authorization", "Bearer " + TestTokens.forUser(user).hs256()));
        client.awaitType("welcome");
        return client;
    }

    @Test
    void slowReaderIsCutWith4008AndOthersGetEverything() throws Exception {
        String channel = "flood:" + UUID.randomUUID();
        String user = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        try (RawWebSocket slow = RawWebSocket.open(base, "/ws?token=" + TestTokens.forUser(user).hs256(), Map.of());
                TestClient fast = connect("fast"); TestClient publisher = connect("publisher")) {
            slow.readFrame(Duration.ofSeconds(5)); // welcome
            slow.sendText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + channel + "\"}");
            assertTrue(slow.readFrame(Duration.ofSeconds(5)).text().contains("\"subscribed\""));
            fast.subscribe(channel);
            Connection slowSession = sessions.all().stream()
                    .filter(s -> user.equals(s.user())).findFirst().orElse(null);
            assertNotNull(slowSession);

            AtomicLong maxOutbound = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    maxOutbound.accumulateAndGet(slowSession.outboundBytes(), Math::max);
                    Thread.onSpinWait();
                }
            });
            sampler.start();

            // Paced by the fast subscriber (4 publications, 128 KiB, in flight at a time), so a reader that keeps
            // up never nears the bound, while the slow one's backlog only grows.
            PacedFlood.publish(publisher, fast, channel, PUBLICATIONS, 32 * 1024);

            // The slow reader now reads what reached its socket: publications, then disconnect 4008 and the close.
            int disconnectCode = -1;
            int closeCode = -1;
            int publications = 0;
            while (true) {
                RawWebSocket.Frame frame = slow.readFrameOrEnd(Duration.ofSeconds(10));
                if (frame == null) {
                    break;
                }
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    closeCode = frame.closeCode();
                    break;
                }
                String text = frame.text();
                if (text.startsWith("{\"type\":\"disconnect\"")) {
                    disconnectCode = text.contains("\"code\":4008") ? 4008 : -2;
                } else if (text.startsWith("{\"type\":\"publication\"")) {
                    publications++;
                }
            }
            sampling.set(false);
            sampler.join();
            assertTrue(publications < PUBLICATIONS, "the slow reader was not cut off: " + publications);
            assertTrue(disconnectCode == 4008 || closeCode == 4008,
                    "expected 4008; disconnect " + disconnectCode + ", close " + closeCode);
            assertTrue(maxOutbound.get() <= BOUND, "outbound buffer reached " + maxOutbound.get());
            assertTrue(slowSession.isClosing());
            assertEquals("pong", fast.request("ping", null).path("type").asText());
        }
    }
}
