package dev.switchboard.conformance;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.switchboard.testing.RawWebSocket;

/**
 * The two WebSocket endpoints the suite runs against. {@code /ws} opens with a {@code welcome} frame, which
 * {@link #open} reads, so both then behave alike at the frame level.
 */
enum Endpoint {
    ECHO("/ws/echo"),
    PROTOCOL("/ws");

    static final Duration WAIT = Duration.ofSeconds(5);

    final String path;

    Endpoint(String path) {
        this.path = path;
    }

    RawWebSocket open(URI base) throws IOException {
        return open(base, Map.of());
    }

    RawWebSocket open(URI base, Map<String, String> headers) throws IOException {
        RawWebSocket ws = RawWebSocket.open(base, path, headers);
        if (this == PROTOCOL) {
            RawWebSocket.Frame welcome = ws.readFrame(WAIT);
            if (!welcome.text().contains("\"welcome\"")) {
                throw new AssertionError("expected welcome, got " + welcome.text());
            }
        }
        return ws;
    }

    /** A text message this endpoint answers with one text frame: itself on echo, a pong on /ws. */
    String probe() {
        return this == ECHO ? "probe" : "{\"type\":\"ping\",\"id\":77}";
    }

    boolean answered(RawWebSocket.Frame frame) {
        return frame.opcode() == RawWebSocket.TEXT
                && (this == ECHO ? frame.text().equals("probe") : frame.text().contains("\"pong\""));
    }
}
