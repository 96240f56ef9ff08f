package dev.switchboard.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 13, defect 7: a request head that is not complete within switchboard.limits.request-head-timeout (2 s
 * here) is closed and counted; a slow client whose head does complete in time is upgraded and is not cut later.
 */
@QuarkusTest
@TestProfile(RequestHeadTimeoutTest.Profile.class)
class RequestHeadTimeoutTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.limits.request-head-timeout", "2s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    private static double timeouts() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith("switchboard_request_head_timeouts_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Whether the server ends the connection within {@code millis}: EOF or reset, not a timeout. */
    private static boolean endsWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void aSilentHalfRequestIsClosedWithinTheBound() throws Exception {
        double before = timeouts();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /ws HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // 2 s bound, plus room for a loaded machine; without the bound it stays open for 30 minutes
            assertTrue(endsWithin(socket, 6_000), "a half-written request head was kept open");
        }
        assertEquals(before + 1, timeouts(), "switchboard_request_head_timeouts_total");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithinTheBound() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            assertTrue(endsWithin(socket, 6_000), "a silent connection was kept open");
        }
    }

    @Test
    void aSlowButTimelyUpgradeIsNotCutAndStaysOpen() throws Exception {
        double before = timeouts();
        byte[] nonce = new byte[16];
        String head = "GET /ws/echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < bytes.length; i += 16) { // about a second for the whole head
                out.write(bytes, i, Math.min(16, bytes.length - i));
                out.flush();
                Thread.sleep(100);
            }
            socket.setSoTimeout(5_000);
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 101", status, "the slow head was upgraded");
            // well past the bound: the upgraded connection is not closed by it
            assertTrue(!endsWithin(socket, 3_000), "the upgraded connection was closed");
        }
        assertEquals(before, timeouts(), "nothing counted for a timely client");
    }

    @Test
    void aKeptAliveHttpConnectionIsNotCutAfterItsFirstRequest() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(5_000);
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", status);
            assertTrue(!endsWithin(socket, 3_000), "a kept-alive connection was closed by the head bound");
        }
        // and the bound does not stand in the way of ordinary upgrades
        try (RawWebSocket ws = RawWebSocket.open(base, "/ws/echo")) {
            ws.sendText("ok");
            assertEquals("ok", ws.readFrame(java.time.Duration.ofSeconds(5)).text());
        }
    }
}
