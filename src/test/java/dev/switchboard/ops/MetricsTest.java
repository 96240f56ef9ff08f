package dev.switchboard.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** /q/metrics counts what real clients do over real sockets. Counters are compared before and after each step. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class MetricsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void framesPublicationsErrorsAndGaugesAreCounted() {
        try (TestClient client = TestClient.connect(base); TestClient other = TestClient.connect(base)) {
            PrometheusText before = PrometheusText.scrape();
            client.subscribe("metrics:a");
            String publish = "{\"type\":\"publish\",\"id\":100,\"channel\":\"metrics:a\",\"data\":{\"n\":1}}";
            client.send(publish);
            client.awaitId(100);
            client.send(publish.replace("100", "101"));
            client.awaitId(101);
            client.publications("metrics:a", 2);
            client.send("not json");
            client.awaitType("error");
            PrometheusText after = PrometheusText.scrape();

            assertTrue(after.value("switchboard_connections") >= 2, "connections gauge");
            assertTrue(after.value("switchboard_subscriptions") >= 1, "subscriptions gauge");
            assertTrue(after.value("switchboard_channels") >= 1, "channels gauge");
            assertEquals(0, after.value("switchboard_draining"));

            assertEquals(1, delta(before, after, "switchboard_frames_in_total", "type", "subscribe"));
            assertEquals(2, delta(before, after, "switchboard_frames_in_total", "type", "publish"));
            assertEquals(2 * publish.length() + 0.0,
                    delta(before, after, "switchboard_frames_in_bytes_total", "type", "publish"));
            assertEquals(1, delta(before, after, "switchboard_frames_in_total", "type", "invalid"));
            assertEquals(1, delta(before, after, "switchboard_frames_out_total", "type", "subscribed"));
            assertEquals(2, delta(before, after, "switchboard_frames_out_total", "type", "published"));
            assertEquals(2, delta(before, after, "switchboard_frames_out_total", "type", "publication"));
            assertTrue(delta(before, after, "switchboard_frames_out_bytes_total", "type", "publication") > 0);
            assertEquals(1, delta(before, after, "switchboard_errors_total", "code", "bad_request"));
            // The demo ticker publishes through the same broker meanwhile: at least our two.
            assertTrue(delta(before, after, "switchboard_publications_total") >= 2);
            assertTrue(delta(before, after, "switchboard_publish_fanout_seconds_count") >= 2);
            assertTrue(delta(before, after, "switchboard_broker_operation_seconds_count",
                    "operation", "publish", "outcome", "success") >= 2);
            assertTrue(delta(before, after, "switchboard_broker_operation_seconds_count",
                    "operation", "history", "outcome", "success") >= 1, "subscribe reads the stream's position");
            assertTrue(after.has("switchboard_publish_fanout_seconds_bucket"), "latency histogram buckets");
        }
    }

    @Test
    void closesAreCountedByCode() {
        PrometheusText before = PrometheusText.scrape();
        TestClient client = TestClient.connect(base);
        client.close(); // a normal close from the client: 1000
        awaitAtLeast(1, () -> delta(before, PrometheusText.scrape(), "switchboard_closes_total", "code", "1000"));
        assertEquals(1, delta(before, PrometheusText.scrape(), "switchboard_connections_opened_total"));
    }

    @Test
    void theDisconnectNoticeIsCountedAsAFrameAndTheCloseByItsCode() {
        PrometheusText before = PrometheusText.scrape();
        TestClient client = TestClient.open(base, "/ws");
        String clientId = client.awaitType("welcome").path("client").asText();
        given().header("X-API-Key", GatewayTestProfile.API_KEY).contentType(ContentType.JSON)
                .body("{\"client\":\"" + clientId + "\"}").post("/api/v1/disconnect").then().statusCode(200);
        assertEquals(4003, client.awaitClose());
        awaitAtLeast(1, () -> delta(before, PrometheusText.scrape(), "switchboard_closes_total", "code", "4003"));
        assertEquals(1, delta(before, PrometheusText.scrape(), "switchboard_frames_out_total", "type", "disconnect"),
                "the notice before the close goes through the counted write path");
    }

    @Test
    void aSlowConsumerIsCutOffAndCounted() throws Exception {
        PrometheusText before = PrometheusText.scrape();
        String big = "\"" + "x".repeat(60_000) + "\"";
        try (RawWebSocket reader = RawWebSocket.open(base, "/ws"); TestClient publisher = TestClient.connect(base)) {
            reader.sendText("{\"type\":\"subscribe\",\"channel\":\"metrics:slow\"}");
            // The reader never reads again: once the socket buffers are full, the server's outbound buffer
            // (1 MiB) fills, and the connection is cut with 4008. Bounded: at most 2,000 x 60 KB.
            for (int i = 0; i < 2000; i++) {
                publisher.send("{\"type\":\"publish\",\"channel\":\"metrics:slow\",\"data\":" + big + "}");
                reader.sendText("{\"type\":\"ping\"}"); // writes, never reads: alive for the heartbeat
                if (i % 50 == 49 && delta(before, PrometheusText.scrape(),
                        "switchboard_slow_consumer_disconnects_total") >= 1) {
                    break;
                }
            }
            awaitAtLeast(1, () -> delta(before, PrometheusText.scrape(),
                    "switchboard_slow_consumer_disconnects_total"));
        }
        awaitAtLeast(1, () -> delta(before, PrometheusText.scrape(), "switchboard_closes_total", "code", "4008"));
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static void awaitAtLeast(double expected, DoubleSupplier actual) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double last = actual.getAsDouble();
        while (last < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = actual.getAsDouble();
        }
        assertTrue(last >= expected, "expected at least " + expected + " but was " + last);
    }
}

