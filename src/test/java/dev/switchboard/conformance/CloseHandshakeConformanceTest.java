package dev.switchboard.conformance;

import static dev.switchboard.conformance.Conformance.assertFailedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** RFC 6455 5.5.1, 7.1.5 and 7.4: the closing handshake, valid and invalid status codes and reasons. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class CloseHandshakeConformanceTest {

    @TestHTTPResource("/")
    URI base;

    private static void assertEchoed(RawWebSocket ws, int code, String clause) {
        RawWebSocket.Frame close = ws.awaitCloseFrame(Endpoint.WAIT);
        assertNotNull(close, clause + ": no close frame in answer");
        assertEquals(code, close.closeCode(), clause);
        assertTrue(ws.awaitEnd(Endpoint.WAIT), clause + ": the server did not close the TCP connection (7.1.1)");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "ECHO,1000", "ECHO,1001", "ECHO,1002", "ECHO,1003", "ECHO,1007", "ECHO,1008", "ECHO,1009",
            "ECHO,1010", "ECHO,1011", "ECHO,3000", "ECHO,3999", "ECHO,4000", "ECHO,4999", "PROTOCOL,1000",
            "PROTOCOL,4000" })
    void validCodeIsAnsweredWithACloseFrame(Endpoint endpoint, int code) throws Exception {
        // 5.5.1: on a close frame the endpoint answers with a close frame, typically echoing the code;
        // 7.4.1/7.4.2: 1000-1003, 1007-1011 are defined, 3000-4999 are for libraries and applications
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendClose(code, "bye".getBytes(StandardCharsets.UTF_8));
            assertEchoed(ws, code, "RFC 6455 5.5.1 close " + code);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "ECHO,0", "ECHO,999", "ECHO,1004", "ECHO,1005", "ECHO,1006", "ECHO,1015", "ECHO,1016",
            "ECHO,1100", "ECHO,2000", "ECHO,2999", "PROTOCOL,0", "PROTOCOL,1005", "PROTOCOL,1006",
            "PROTOCOL,1015", "PROTOCOL,2999" })
    void invalidCodeFailsWith1002(Endpoint endpoint, int code) throws Exception {
        // 7.4.1: 0-999 are not used; 1004, 1005, 1006, 1015 MUST NOT be sent in a close frame; 7.4.2:
        // 1016-2999 are reserved for future revisions. Receiving one is a protocol error.
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendClose(code, new byte[0]);
            assertFailedWith(ws, 1002, "RFC 6455 7.4 invalid close code " + code);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void emptyCloseIsAnswered(Endpoint endpoint) throws Exception {
        // 5.5.1: the close frame MAY have no body; the answer is a close frame (1000 or empty)
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.CLOSE, new byte[0], true);
            RawWebSocket.Frame close = ws.awaitCloseFrame(Endpoint.WAIT);
            assertNotNull(close, "RFC 6455 5.5.1 empty close: no close frame in answer");
            assertTrue(close.payload().length == 0 || close.closeCode() == 1000, "answer " + close.closeCode());
            assertTrue(ws.awaitEnd(Endpoint.WAIT), "RFC 6455 7.1.1 TCP close after the handshake");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void oneByteCloseBodyFails(Endpoint endpoint) throws Exception {
        // 5.5.1: a body, if present, starts with a two-byte status code
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.CLOSE, new byte[] { 0x03 }, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.5.1 one-byte close body");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void reasonOf123BytesIsAccepted(Endpoint endpoint) throws Exception {
        // 5.5: 2 bytes of code + 123 bytes of reason = 125, the most a control frame carries
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendClose(1000, "r".repeat(123).getBytes(StandardCharsets.UTF_8));
            assertEchoed(ws, 1000, "RFC 6455 5.5 close with a 123-byte reason");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void reasonThatIsNotUtf8FailsWith1007(Endpoint endpoint) throws Exception {
        // 5.5.1: the reason is UTF-8; 8.1 and 7.4.1: invalid UTF-8 fails the connection with 1007
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendClose(1000, HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080656469746564"));
            assertFailedWith(ws, 1007, "RFC 6455 5.5.1 reason of invalid UTF-8");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void framesAfterTheCloseAreIgnored(Endpoint endpoint) throws Exception {
        // 5.5.1: after sending a close frame the endpoint MUST NOT send more data frames, and the server
        // does not answer data the client sends after its own close
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendRaw(FramingConformanceTest.concat(
                    RawWebSocket.encodeFrame(RawWebSocket.CLOSE, new byte[] { 0x03, (byte) 0xe8 }, true, 0, true),
                    RawWebSocket.encodeFrame(RawWebSocket.TEXT, endpoint.probe().getBytes(StandardCharsets.UTF_8),
                            true, 0, true)));
            RawWebSocket.Frame first = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.CLOSE, first.opcode(), "RFC 6455 5.5.1: nothing answered after the close");
            assertEquals(1000, first.closeCode());
        }
    }
}
