package dev.switchboard.conformance;

import static dev.switchboard.conformance.Conformance.assertFailedWith;
import static dev.switchboard.conformance.Conformance.assertStillServes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * RFC 6455 5.6 and 8.1: text frames carry UTF-8; a text message that is not valid UTF-8 fails the connection
 * with 1007, also when the invalid sequence is split across fragments. Valid text, including characters split
 * across fragments, is echoed intact.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class Utf8ConformanceTest {

    @TestHTTPResource("/")
    URI base;

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "", "68656c6c6f", "c3a9", "e282ac", "f09f9880", "efbfbf", "f48fbfbf", "00",
            "cebae1bdb9cf83cebcceb5" })
    void validUtf8IsEchoed(String utf8) throws Exception {
        // 5.6: a text frame's data is UTF-8; each of these is well-formed (incl. U+FFFF and U+10FFFF)
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, hex(utf8), true);
            RawWebSocket.Frame echo = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.TEXT, echo.opcode());
            assertArrayEquals(hex(utf8), echo.payload(), "RFC 6455 5.6 text " + utf8);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "ECHO,c080", "ECHO,eda080", "ECHO,edbfbf", "ECHO,f4908080", "ECHO,80", "ECHO,c3", "ECHO,ff",
            "ECHO,e08080", "ECHO,f8888080af", "ECHO,68656c6c6fc0", "PROTOCOL,c080", "PROTOCOL,eda080",
            "PROTOCOL,fe" })
    void invalidUtf8FailsWith1007(Endpoint endpoint, String bytes) throws Exception {
        // 8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not,
        // in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_" (7.4.1: 1007)
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, hex(bytes), true);
            assertFailedWith(ws, 1007, "RFC 6455 8.1 invalid UTF-8 " + bytes);
        }
    }

    @Test
    void invalidUtf8InAProtocolCommandFailsWith1007() throws Exception {
        // issue 13, defect 2: {"type":"ping","x":"\xc0\x80"} used to get a pong
        try (RawWebSocket ws = Endpoint.PROTOCOL.open(base)) {
            byte[] head = "{\"type\":\"ping\",\"id\":1,\"x\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = FramingConformanceTest.concat(head, hex("c080"), "\"}".getBytes(StandardCharsets.US_ASCII));
            ws.sendFrame(RawWebSocket.TEXT, frame, true);
            assertFailedWith(ws, 1007, "RFC 6455 8.1 invalid UTF-8 in a command");
        }
    }

    @Test
    void characterSplitAcrossFragmentsIsEchoedWhole() throws Exception {
        // 5.4 and 8.1: UTF-8 validity is a property of the message, so a character may straddle fragments
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, hex("cebae1"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, hex("bd"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, hex("b9f09f"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, hex("9880"), true);
            RawWebSocket.Frame echo = ws.readFrame(Endpoint.WAIT);
            assertArrayEquals(hex("cebae1bdb9f09f9880"), echo.payload(), "RFC 6455 5.4 text across fragments");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "ECHO", "PROTOCOL" })
    void invalidSequenceSplitAcrossFragmentsFailsWith1007(Endpoint endpoint) throws Exception {
        // 8.1 across fragments: ED | A0 80 is an encoded surrogate once joined
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, hex("7bed"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, hex("a0807d"), true);
            assertFailedWith(ws, 1007, "RFC 6455 8.1 invalid UTF-8 across fragments");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "ECHO", "PROTOCOL" })
    void invalidFirstFragmentFailsBeforeTheMessageEnds(Endpoint endpoint) throws Exception {
        // 8.1 and 6.1 ("fail fast"): the connection fails on the bad fragment, without waiting for the rest
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, hex("7bc0af"), false);
            assertFailedWith(ws, 1007, "RFC 6455 8.1 invalid first fragment");
        }
    }

    @Test
    void truncatedCharacterAtTheEndOfTheMessageFails() throws Exception {
        // 8.1: a message ending in the middle of a character is not valid UTF-8
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, hex("68c3"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, new byte[0], true);
            assertFailedWith(ws, 1007, "RFC 6455 8.1 truncated character");
        }
    }

    @Test
    void binaryFramesAreNotChecked() throws Exception {
        // 5.6: binary data is opaque to the WebSocket layer
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.BINARY, hex("c080eda080ff"), true);
            assertArrayEquals(hex("c080eda080ff"), ws.readFrame(Endpoint.WAIT).payload());
            assertStillServes(ws, Endpoint.ECHO, "RFC 6455 5.6 binary");
        }
    }
}
