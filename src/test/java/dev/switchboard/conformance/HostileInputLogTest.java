package dev.switchboard.conformance;

import static dev.switchboard.testing.GatewayTestProfile.API_KEY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Issue 13: no input produces a log line at ERROR or a stack trace. Sends one of every kind of hostile input
 * the suite knows to both endpoints and the HTTP API, with a handler on the root logger of the server (it runs
 * in this JVM) that collects every ERROR record and every record carrying a throwable.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class HostileInputLogTest {

    @TestHTTPResource("/")
    URI base;

    private final List<String> offending = Collections.synchronizedList(new ArrayList<>());
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue() || record.getThrown() != null) {
                offending.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                        + (record.getThrown() != null ? " [" + record.getThrown() + "]" : ""));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(collector);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(collector);
    }

    /** Sends the bytes, then waits for the server's answer: a close frame, or the first frame it sends. */
    private void hostile(Endpoint endpoint, byte[] bytes) throws Exception {
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendRaw(bytes);
            RawWebSocket.Frame answer = ws.readFrameOrEnd(Duration.ofSeconds(3));
            if (answer != null && answer.opcode() == RawWebSocket.CLOSE) {
                ws.awaitEnd(Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void hostileInputLeavesNoErrorAndNoStackTraceInTheLog() throws Exception {
        byte[] text = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[70_000];
        for (Endpoint endpoint : Endpoint.values()) {
            hostile(endpoint, RawWebSocket.encodeFrame(5, text, true, 0, true));           // reserved opcode
            hostile(endpoint, RawWebSocket.encodeFrame(1, text, true, 4, true));           // RSV1
            hostile(endpoint, RawWebSocket.encodeFrame(1, text, true, 0, false));          // unmasked
            hostile(endpoint, RawWebSocket.encodeFrame(9, new byte[126], true, 0, true));  // long ping
            hostile(endpoint, RawWebSocket.encodeFrame(0, text, true, 0, true));           // stray continuation
            hostile(endpoint, RawWebSocket.encodeFrame(1, new byte[] { '"', (byte) 0xc0, (byte) 0x80, '"' }, true,
                    0, true));                                                              // invalid UTF-8
            hostile(endpoint, RawWebSocket.encodeFrame(8, new byte[] { 3, (byte) 0xed }, true, 0, true)); // 1005
            hostile(endpoint, FramingConformanceTest.concat(RawWebSocket.encodeFrame(1, big, false, 0, true),
                    RawWebSocket.encodeFrame(0, big, true, 0, true)));                      // message too big
            hostile(endpoint, java.util.HexFormat.of().parseHex("82ff000000000100000001020304")); // 16 MiB frame
            hostile(endpoint, RawWebSocket.encodeFrame(2, new byte[] { (byte) 0xbf, 0x61 }, true, 0, true));
            hostile(endpoint, RawWebSocket.encodeFrame(1, "{\"type\":\"publish\",\"channel\":\"a\",\"data\":\"\\ud800\"}"
                    .getBytes(StandardCharsets.UTF_8), true, 0, true));
        }
        given().header("X-API-Key", API_KEY).contentType(ContentType.JSON).body("{\"channel\":\"a\",\"data\":\"\\ud800\"}")
                .post("/api/v1/publish").then().statusCode(400);
        given().header("X-API-Key", API_KEY).contentType(ContentType.JSON).body("{\"channel\":")
                .post("/api/v1/publish").then().statusCode(400);
        given().urlEncodingEnabled(false).get("/poll?channel=a&since=%ED%A0%80:0").then().statusCode(400);
        Thread.sleep(2_500); // lingering closes end within 2 s; their last log lines come then
        assertTrue(offending.isEmpty(), "log lines at ERROR or with a stack trace: " + offending);
    }
}
