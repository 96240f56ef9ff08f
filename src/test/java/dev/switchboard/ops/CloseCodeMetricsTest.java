package dev.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 13, defect 5: close codes as RFC 6455 7.1.5 defines them, in switchboard_closes_total (and the
 * connection log, which takes the same code): 1006 when the connection ended without a close frame, 1005 for
 * a close frame without a status code, the client's code otherwise.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class CloseCodeMetricsTest {

    @TestHTTPResource("/")
    URI base;

    private static double closes(String code) {
        return PrometheusText.scrape().value("switchboard_closes_total", "code", code);
    }

    private static void awaitCount(String code, double expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (closes(code) < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertTrue(closes(code) >= expected, "switchboard_closes_total{code=" + code + "} stayed below " + expected);
    }

    private RawWebSocket open() throws Exception {
        RawWebSocket ws = RawWebSocket.open(base, "/ws");
        ws.readFrame(Duration.ofSeconds(5)); // welcome
        return ws;
    }

    @Test
    void tcpCloseWithoutACloseFrameIs1006() throws Exception {
        double abnormal = closes("1006");
        double noStatus = closes("1005");
        open().close();
        awaitCount("1006", abnormal + 1);
        assertEquals(noStatus, closes("1005"), "a connection without a close frame was counted as 1005");
    }

    @Test
    void closeFrameWithoutACodeIs1005() throws Exception {
        double noStatus = closes("1005");
        try (RawWebSocket ws = open()) {
            ws.sendFrame(RawWebSocket.CLOSE, new byte[0], true);
            ws.awaitCloseFrame(Duration.ofSeconds(5));
        }
        awaitCount("1005", noStatus + 1);
    }

    @Test
    void closeFrameWithACodeIsThatCode() throws Exception {
        double goingAway = closes("1001");
        try (RawWebSocket ws = open()) {
            ws.sendClose(1001, new byte[0]);
            ws.awaitCloseFrame(Duration.ofSeconds(5));
        }
        awaitCount("1001", goingAway + 1);
    }

    @Test
    void aFramingViolationIsCountedWithTheCodeTheServerSent() throws Exception {
        double protocolError = closes("1002");
        try (RawWebSocket ws = open()) {
            ws.sendFrame(5, new byte[0], true);
            ws.awaitCloseFrame(Duration.ofSeconds(5));
        }
        awaitCount("1002", protocolError + 1);
    }
}
