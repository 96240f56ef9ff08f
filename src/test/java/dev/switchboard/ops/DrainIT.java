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
 * period, and the process exits with 0 once the last one has gone. Readiness and Switchboard's own check agree
 * from the first 503 on: it already says {@code draining: true}.
 */
class DrainIT {

    private static final Duration PERIOD = Duration.ofSeconds(3);
    /** What the stop may take after the drain period (it takes about a second). */
    private static final Duration AFTER_DRAIN = Duration.ofSeconds(15);
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
            // Every close inside the period (plus slack for a loaded machine), and spread out rather than all at
            // once: with one slot per client, the first and last are about 0.8 of the period apart.
            assertTrue(last <= PERIOD.toMillis() + 2000, "closes at " + closedAtMillis + " ms after SIGTERM");
            assertTrue(last - first >= PERIOD.toMillis() / 3,
                    "closes not spread over the period: " + closedAtMillis + " ms after SIGTERM");

            assertTrue(app.process().waitFor(PERIOD.plus(AFTER_DRAIN).toMillis(), TimeUnit.MILLISECONDS),
                    "process still running " + AFTER_DRAIN + " after the drain period:\n" + app.output());
            long exitedMillis = (System.nanoTime() - sigterm) / 1_000_000;
            assertEquals(0, app.process().exitValue(), app.output());
            assertTrue(exitedMillis >= last, "exited at " + exitedMillis + " ms, before the last close at " + last);
            assertTrue(app.output().contains("draining: closing " + CLIENTS + " connections"), app.output());
            assertTrue(app.output().contains("drained: no connection left"), app.output());
        }
    }

    /**
     * With no connection open the drain has nothing to wait for: the process exits at once, not after the period.
     * The period is long (20 s) and the bound loose (10 s) so that a busy machine cannot make this fail.
     */
    @Test
    void sigtermWithNoConnectionStopsWithoutWaitingForThePeriod() throws Exception {
        Duration period = Duration.ofSeconds(20);
        try (PackagedApp app = PackagedApp.start(Map.of(
                "switchboard.drain.period", period.toSeconds() + "s",
                "switchboard.demo.ticker.enabled", "false"))) {
            long sigterm = System.nanoTime();
            app.process().destroy(); // SIGTERM on Linux

            assertTrue(app.process().waitFor(period.dividedBy(2).toMillis(), TimeUnit.MILLISECONDS),
                    "no connection open, yet the process still runs " + period.dividedBy(2) + " after SIGTERM:\n"
                            + app.output());
            long exitedMillis = (System.nanoTime() - sigterm) / 1_000_000;
            assertEquals(0, app.process().exitValue(), app.output());
            assertTrue(app.output().contains("draining: closing 0 connections"), app.output());
            assertTrue(app.output().contains("drained: no connection left"), "exited after " + exitedMillis
                    + " ms:\n" + app.output());
        }
    }

    private static HttpResponse<String> awaitReadinessDown(PackagedApp app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = app.get("/q/health/ready");
            if (response != null && response.statusCode() == 503) {
                assertTrue(response.body().contains("DOWN"), response.body());
                return response;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("readiness did not go DOWN within 5 s of SIGTERM");
    }
}
