package dev.switchboard.conformance;

import static dev.switchboard.conformance.Conformance.assertFailedWith;
import static dev.switchboard.conformance.Conformance.assertStillServes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** RFC 6455 section 5 (base framing, masking, control frames): violations fail the connection with 1002. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class FramingConformanceTest {

    @TestHTTPResource("/")
    URI base;

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{0}: opcode {1}")
    @CsvSource({ "ECHO,3", "ECHO,4", "ECHO,5", "ECHO,6", "ECHO,7", "ECHO,11", "ECHO,12", "ECHO,13", "ECHO,14",
            "ECHO,15", "PROTOCOL,3", "PROTOCOL,7", "PROTOCOL,11", "PROTOCOL,15" })
    void reservedOpcodeFails(Endpoint endpoint, int opcode) throws Exception {
        // 5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved; 5.2 and 7.4.1: an unknown opcode fails with 1002
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(opcode, HELLO, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.2 reserved opcode " + opcode);
        }
    }

    @ParameterizedTest(name = "{0}: rsv {1}")
    @CsvSource({ "ECHO,4", "ECHO,2", "ECHO,1", "ECHO,7", "PROTOCOL,4", "PROTOCOL,2", "PROTOCOL,1" })
    void rsvBitsWithoutAnExtensionFail(Endpoint endpoint, int rsv) throws Exception {
        // 5.2: RSV1-3 MUST be 0 unless an extension defining them was negotiated (none was here)
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, endpoint.probe().getBytes(StandardCharsets.UTF_8), true, rsv, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.2 RSV bits " + rsv + " without extension");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void rsvBitsOnAPingFail(Endpoint endpoint) throws Exception {
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.PING, HELLO, true, 4, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.2 RSV1 on a control frame");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void unmaskedClientFrameFails(Endpoint endpoint) throws Exception {
        // 5.1: a server MUST close the connection upon receiving a frame that is not masked (with 1002, 7.4.1)
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, endpoint.probe().getBytes(StandardCharsets.UTF_8), true, 0, false);
            assertFailedWith(ws, 1002, "RFC 6455 5.1 unmasked client frame");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void fragmentedPingFails(Endpoint endpoint) throws Exception {
        // 5.5: all control frames MUST NOT be fragmented
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.PING, HELLO, false);
            assertFailedWith(ws, 1002, "RFC 6455 5.5 fragmented control frame");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void controlFrameOver125BytesFails(Endpoint endpoint) throws Exception {
        // 5.5: all control frames MUST have a payload length of 125 bytes or less
        try (RawWebSocket ws = endpoint.open(base)) {
            byte[] payload = new byte[126];
            Arrays.fill(payload, (byte) 'p');
            ws.sendFrame(RawWebSocket.PING, payload, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.5 control frame of 126 bytes");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void pingOf125BytesIsAnsweredWithTheSamePayload(Endpoint endpoint) throws Exception {
        // 5.5.2 and 5.5.3: a pong in response carries the ping's application data; 125 bytes is allowed (5.5)
        try (RawWebSocket ws = endpoint.open(base)) {
            byte[] payload = new byte[125];
            Arrays.fill(payload, (byte) 'q');
            ws.sendFrame(RawWebSocket.PING, payload, true);
            RawWebSocket.Frame pong = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.PONG, pong.opcode(), "RFC 6455 5.5.2");
            assertArrayEquals(payload, pong.payload(), "RFC 6455 5.5.3: pong echoes the ping's data");
            assertStillServes(ws, endpoint, "RFC 6455 5.5.2");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void unsolicitedPongIsIgnored(Endpoint endpoint) throws Exception {
        // 5.5.3: a pong MAY be sent unsolicited; no response is expected
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.PONG, HELLO, true);
            assertStillServes(ws, endpoint, "RFC 6455 5.5.3 unsolicited pong");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void continuationWithNothingToContinueFails(Endpoint endpoint) throws Exception {
        // 5.4: a fragmented message starts with a non-continuation frame; a lone continuation is a violation
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.CONTINUATION, HELLO, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.4 continuation without a message");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void newDataFrameInsideAFragmentedMessageFails(Endpoint endpoint) throws Exception {
        // 5.4: the fragments of one message are not interleaved with the fragments of another
        try (RawWebSocket ws = endpoint.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), false);
            ws.sendFrame(RawWebSocket.TEXT, HELLO, true);
            assertFailedWith(ws, 1002, "RFC 6455 5.4 new message inside a fragmented one");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void nonMinimalLengthEncodingFails(Endpoint endpoint) throws Exception {
        // 5.2: the minimal number of bytes MUST be used to encode the length (here 5 in the 16-bit form)
        try (RawWebSocket ws = endpoint.open(base)) {
            byte[] frame = { (byte) 0x81, (byte) (0x80 | 126), 0, 5, 1, 2, 3, 4, 'h' ^ 1, 'e' ^ 2, 'l' ^ 3, 'l' ^ 4,
                    'o' ^ 1 };
            ws.sendRaw(frame);
            assertFailedWith(ws, 1002, "RFC 6455 5.2 non-minimal payload length");
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({ "0", "1", "125", "126", "127", "65535", "65536" })
    void echoesEveryLengthEncoding(int length) throws Exception {
        // 5.2: 7-bit, 16-bit and 64-bit payload lengths; the server's frames use the minimal form too
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) i;
            }
            ws.sendFrame(RawWebSocket.BINARY, payload, true);
            RawWebSocket.Frame echo = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.BINARY, echo.opcode());
            assertArrayEquals(payload, echo.payload(), "RFC 6455 5.2 payload of " + length + " bytes");
            assertEquals(0, echo.rsv(), "RFC 6455 5.2: no RSV bits without an extension");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void violationAfterValidFramesStillGetsTheCloseFrame(Endpoint endpoint) throws Exception {
        // 7.4.1 after traffic: frames sent before the violation are answered, then 1002
        try (RawWebSocket ws = endpoint.open(base)) {
            assertStillServes(ws, endpoint, "before the violation");
            ws.sendRaw(concat(RawWebSocket.encodeFrame(RawWebSocket.PING, HELLO, true, 0, true),
                    RawWebSocket.encodeFrame(5, HELLO, true, 0, true)));
            RawWebSocket.Frame pong = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.PONG, pong.opcode(), "RFC 6455 5.5.2: the ping before the violation");
            assertFailedWith(ws, 1002, "RFC 6455 7.4.1 after a ping");
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
