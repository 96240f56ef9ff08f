package dev.switchboard.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import dev.switchboard.testing.RawWebSocket;

/** Assertions the conformance cases share; each says which RFC 6455 rule it stands for. */
final class Conformance {
    private Conformance() {
    }

    /**
     * RFC 6455 7.1.7 and 7.4.1: the server fails the connection by sending a close frame with {@code code}
     * (when the TCP connection still allows it), then closes the TCP connection.
     */
    static void assertFailedWith(RawWebSocket ws, int code, String clause) {
        RawWebSocket.Frame close = ws.awaitCloseFrame(Endpoint.WAIT);
        assertNotNull(close, clause + ": the connection ended without a close frame (expected " + code + ")");
        assertEquals(code, close.closeCode(), clause + ": close code (reason '" + close.closeReason() + "')");
        assertTrue(ws.awaitEnd(Endpoint.WAIT), clause + ": the server did not close the TCP connection");
    }

    /** The connection still works: a probe message is answered (after any frames the case expects first). */
    static void assertStillServes(RawWebSocket ws, Endpoint endpoint, String clause) throws IOException {
        ws.sendText(endpoint.probe());
        RawWebSocket.Frame reply = ws.readFrame(Endpoint.WAIT);
        assertTrue(endpoint.answered(reply), clause + ": expected the probe's answer, got opcode " + reply.opcode()
                + " '" + reply.text() + "'");
    }
}
