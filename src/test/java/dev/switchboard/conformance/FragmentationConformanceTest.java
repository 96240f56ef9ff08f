package dev.switchboard.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** RFC 6455 5.4: fragmented messages, with control frames between the fragments. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class FragmentationConformanceTest {

    @TestHTTPResource("/")
    URI base;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads data frames until a FIN one and joins their payloads (the server may fragment too, 5.4). */
    private static RawWebSocket.Frame readMessage(RawWebSocket ws) throws Exception {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        RawWebSocket.Frame first = ws.readFrame(Endpoint.WAIT);
        data.writeBytes(first.payload());
        RawWebSocket.Frame frame = first;
        while (!frame.fin()) {
            frame = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.CONTINUATION, frame.opcode(), "RFC 6455 5.4: continuation expected");
            data.writeBytes(frame.payload());
        }
        return new RawWebSocket.Frame(first.opcode(), data.toByteArray(), true, first.rsv());
    }

    @Test
    void textInThreeFragmentsIsOneMessage() throws Exception {
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, utf8("frag"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, utf8("ment"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, utf8("ed"), true);
            RawWebSocket.Frame echo = readMessage(ws);
            assertEquals(RawWebSocket.TEXT, echo.opcode());
            assertEquals("fragmented", echo.text(), "RFC 6455 5.4 message from three fragments");
        }
    }

    @Test
    void binaryInManyFragmentsIsOneMessage() throws Exception {
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 20; i++) {
                byte[] part = { (byte) i, (byte) (i * 7) };
                all.writeBytes(part);
                ws.sendFrame(i == 0 ? RawWebSocket.BINARY : RawWebSocket.CONTINUATION, part, i == 19);
            }
            RawWebSocket.Frame echo = readMessage(ws);
            assertEquals(RawWebSocket.BINARY, echo.opcode());
            assertArrayEquals(all.toByteArray(), echo.payload(), "RFC 6455 5.4 twenty fragments");
        }
    }

    @Test
    void emptyFragmentsMakeAnEmptyMessage() throws Exception {
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, new byte[0], false);
            ws.sendFrame(RawWebSocket.CONTINUATION, new byte[0], false);
            ws.sendFrame(RawWebSocket.CONTINUATION, new byte[0], true);
            RawWebSocket.Frame echo = readMessage(ws);
            assertEquals(RawWebSocket.TEXT, echo.opcode());
            assertEquals(0, echo.payload().length, "RFC 6455 5.4 empty fragments");
        }
    }

    @Test
    void emptyFirstFragmentsDoNotLoseTheMessage() throws Exception {
        // 5.4: fragments may be empty, the first ones too (Vert.x alone drops such messages)
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, new byte[0], false);
            ws.sendFrame(RawWebSocket.CONTINUATION, new byte[0], false);
            ws.sendFrame(RawWebSocket.CONTINUATION, utf8("late"), false);
            ws.sendFrame(RawWebSocket.CONTINUATION, utf8(" start"), true);
            assertEquals("late start", readMessage(ws).text(), "RFC 6455 5.4 empty first fragments");
            ws.sendFrame(RawWebSocket.BINARY, new byte[0], false);
            ws.sendFrame(RawWebSocket.CONTINUATION, new byte[] { 9 }, true);
            RawWebSocket.Frame binary = readMessage(ws);
            assertEquals(RawWebSocket.BINARY, binary.opcode());
            assertArrayEquals(new byte[] { 9 }, binary.payload());
        }
    }

    @Test
    void pingBetweenFragmentsIsAnsweredAtOnce() throws Exception {
        // 5.4: control frames MAY be injected in the middle of a fragmented message; 5.5.2: answered with pong
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, utf8("before "), false);
            ws.sendFrame(RawWebSocket.PING, utf8("mid"), true);
            RawWebSocket.Frame pong = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.PONG, pong.opcode(), "RFC 6455 5.4: the pong does not wait for the message");
            assertEquals("mid", pong.text());
            ws.sendFrame(RawWebSocket.CONTINUATION, utf8("after"), true);
            assertEquals("before after", readMessage(ws).text(), "RFC 6455 5.4 message around a ping");
        }
    }

    @Test
    void pongBetweenFragmentsIsIgnored() throws Exception {
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, utf8("a"), false);
            ws.sendFrame(RawWebSocket.PONG, utf8("x"), true);
            ws.sendFrame(RawWebSocket.CONTINUATION, utf8("b"), true);
            assertEquals("ab", readMessage(ws).text(), "RFC 6455 5.4 message around a pong");
        }
    }

    @Test
    void closeBetweenFragmentsIsAnswered() throws Exception {
        // 5.4 and 5.5.1: a close inside a fragmented message starts the closing handshake; the partial message
        // is dropped
        try (RawWebSocket ws = Endpoint.ECHO.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, utf8("never finished"), false);
            ws.sendClose(1000, new byte[0]);
            RawWebSocket.Frame close = ws.readFrame(Endpoint.WAIT);
            assertEquals(RawWebSocket.CLOSE, close.opcode(), "RFC 6455 5.5.1: nothing but the close answer");
            assertEquals(1000, close.closeCode());
            assertTrue(ws.awaitEnd(Endpoint.WAIT));
        }
    }

    @Test
    void fragmentedCommandOnTheProtocolEndpointIsOneCommand() throws Exception {
        try (RawWebSocket ws = Endpoint.PROTOCOL.open(base)) {
            ws.sendFrame(RawWebSocket.TEXT, utf8("{\"type\":"), false);
            ws.sendFrame(RawWebSocket.PING, new byte[0], true);
            ws.sendFrame(RawWebSocket.CONTINUATION, utf8("\"ping\",\"id\":5}"), true);
            assertEquals(RawWebSocket.PONG, ws.readFrame(Endpoint.WAIT).opcode());
            String reply = readMessage(ws).text();
            assertTrue(reply.contains("\"pong\"") && reply.contains("\"id\":5"), reply);
        }
    }
}
