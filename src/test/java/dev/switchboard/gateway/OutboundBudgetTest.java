package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionRegistry;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.PacedFlood;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Two subscribers stop reading during a flood of 32 KiB publications. Each one's queue stays far below the
 * per-connection bound (128 MiB here), but together they pass the node's budget (2 MiB here): both are closed
 * with 4008 within the budget's one-second check, while a subscriber that reads gets every publication in order.
 */
@QuarkusTest
@TestProfile(OutboundBudgetTest.SmallBudget.class)
class OutboundBudgetTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.demo.ticker.enabled", "false",
                    "switchboard.limits.commands-per-second", "0",
                    "switchboard.limits.max-outbound-buffer", String.valueOf(128L << 20),
                    "switchboard.limits.max-outbound-total", String.valueOf(2L << 20));
        }
    }

    private static final int PUBLICATIONS = 600;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ConnectionRegistry connections;

    @Test
    void slowReadersPastTheNodeBudgetAreCutWith4008() throws Exception {
        String channel = "plain:budget-" + UUID.randomUUID();
        List<RawWebSocket> slow = new ArrayList<>();
        List<Connection> slowSessions = new ArrayList<>();
        try (TestClient fast = TestClient.open(base, "/ws"); TestClient publisher = TestClient.open(base, "/ws")) {
            fast.awaitType("welcome");
            publisher.awaitType("welcome");
            for (int i = 0; i < 2; i++) {
                RawWebSocket reader = RawWebSocket.open(base, "/ws", Map.of());
                slow.add(reader);
                String welcome = reader.readFrame(Duration.ofSeconds(5)).text();
                String client = welcome.replaceAll(".*\"client\":\"([^\"]+)\".*", "$1");
                slowSessions.add(connections.byClient(client).orElseThrow());
                reader.sendText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + channel + "\"}");
                assertTrue(reader.readFrame(Duration.ofSeconds(5)).text().contains("\"subscribed\""));
            }
            fast.subscribe(channel);

            PacedFlood.publish(publisher, fast, channel, PUBLICATIONS, 32 * 1024);

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!slowSessions.stream().allMatch(Connection::isClosing) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (Connection session : slowSessions) {
                assertEquals(4008, session.disconnectCode(), "slow reader closed by the node budget");
            }
            for (RawWebSocket reader : slow) {
                assertEquals(4008, closeCodeAfterReadingEverything(reader));
            }
            assertEquals("pong", fast.request("ping", null).path("type").asText());
        } finally {
            for (RawWebSocket reader : slow) {
                reader.close();
            }
        }
    }

    /** Reads the queued publications; returns 4008 when the disconnect notice or the close frame says so. */
    private static int closeCodeAfterReadingEverything(RawWebSocket reader) {
        int code = -1;
        while (true) {
            RawWebSocket.Frame frame = reader.readFrameOrEnd(Duration.ofSeconds(10));
            if (frame == null) {
                return code;
            }
            if (frame.opcode() == RawWebSocket.CLOSE) {
                return frame.closeCode();
            }
            String text = frame.text();
            if (text.startsWith("{\"type\":\"disconnect\"") && text.contains("\"code\":4008")
                    && text.contains("node outbound budget")) {
                code = 4008;
            }
        }
    }
}
