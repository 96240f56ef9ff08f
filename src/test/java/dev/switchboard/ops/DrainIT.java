package dev.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.PackagedApp;

/**
 * SIGTERM to the packaged application with clients connected: readiness goes DOWN, new upgrades get 503, every
 * client gets {@code disconnect {code: 1001, reconnect: true}} and close 1001 at times spread over the drain
 * period, and the process exits with 0 soon after the period.
 */
class DrainIT {

    private static final Duration PERIOD = Duration.ofSeconds(3);
    /** What the stop may take after the drain period (it takes about a second). */
    private static final Duration AFTER_DRAIN = Duration.ofSeconds(10);
    private static final int CLIENTS = 12;

    @Test
    void sigtermDrainsConnectionsSpreadOverThePeriodThenExits() throws Exception {
        try (PackagedApp app = PackagedApp.start(Map.of(
                "switchboard.drain.period", PERIOD.toSeconds() + "s",
                "switchboard.demo.ticker.enabled", "false"))) {
            List<JdkWebSocket> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                JdkWebSocket client = JdkWebSocket.connect(app.base());
                client.request("subscribe", "\"channel\":\"drain:" + (i % 3) + "\"");
                clients.add(client);
            }

            long sigterm = System.nanoTime();
            app.process().destroy(); // SIGTERM on Linux

            // Readiness goes DOWN (503 with status DOWN and draining: true) while the drain runs.
            HttpResponse<String> ready = awaitReadinessDown(app);
            assertTrue(ready.body().contains("\"draining\": true") || ready.body().contains("\"draining\":true"),
                    ready.body());
            // A new upgrade is refused with 503.
            try (JdkWebSocket late = JdkWebSocket.tryOpen(app.base(), "/ws")) {
                fail("an upgrade during the drain must be refused");
            } catch (WebSocketHandshakeException refused) {
                assertEquals(503, refused.getResponse().statusCode());
            }

            List<Long> closedAtMillis = new ArrayList<>();
            for (JdkWebSocket client : clients) {
                JsonNode disconnect = client.awaitType("disconnect");
                assertEquals(1001, disconnect.path("code").asInt(), disconnect.toString());
                assertTrue(disconnect.path("reconnect").asBoolean(), disconnect.toString());
                assertEquals(1001, client.awaitClose(PERIOD.plusSeconds(5)));
                closedAtMillis.add((client.closedNanos() - sigterm) / 1_000_000);
            }
            long first = closedAtMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = closedAtMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
            // Every close inside the period (plus scheduling slack), and spread out rather than all at once:
            // with one slot per client, the first and last are most of the period apart.
            assertTrue(last <= PERIOD.toMillis() + 500, "closes at " + closedAtMillis + " ms after SIGTERM");
            assertTrue(last - first >= PERIOD.toMillis() / 2,
                    "closes not spread over the period: " + closedAtMillis + " ms after SIGTERM");

            assertTrue(app.process().waitFor(PERIOD.plus(AFTER_DRAIN).toMillis(), TimeUnit.MILLISECONDS),
                    "process still running " + AFTER_DRAIN + " after the drain period:\n" + app.output());
            long exitedMillis = (System.nanoTime() - sigterm) / 1_000_000;
            assertEquals(0, app.process().exitValue(), app.output());
            assertTrue(exitedMillis >= PERIOD.toMillis() - 1000, "exited before the drain period: " + exitedMillis);
            assertTrue(app.output().contains("draining: closing " + CLIENTS + " connections"), app.output());
        }
    }

    private static HttpResponse<String> awaitReadinessDown(PackagedApp app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = app.get("/q/health/ready");
            if (response != null && response.statusCode() == 503) {
                assertTrue(response.body().contains("DOWN"), response.body());
                return response;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("readiness did not go DOWN within 2 s of SIGTERM");
    }
}
