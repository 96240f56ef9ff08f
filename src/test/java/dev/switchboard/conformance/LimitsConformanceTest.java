package dev.switchboard.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * RFC 6455 7.4.1 (1009) and 10.4 (limits), and issue 13 defect 4: the answer to an oversize frame or body is
 * readable by a client that is still sending, because the server closes with a lingering close instead of
 * closing a socket with unread data (which the kernel turns into a reset that discards the answer).
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class LimitsConformanceTest {

    @TestHTTPResource("/")
    URI base;

    /** Sends {@code bytes} from another thread, as a client that does not stop to read would. */
    private static Thread sendInBackground(OutputStreamWriter writer) {
        Thread thread = new Thread(() -> {
            try {
                writer.write();
            } catch (IOException expected) {
                // the server closes before everything is through
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @FunctionalInterface
    private interface OutputStreamWriter {
        void write() throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void frameOverTheFrameLimitGetsAReadable1009WhileTheClientKeepsSending(Endpoint endpoint) throws Exception {
        // 10.4 and 7.4.1: a frame over the server's limit (1 MiB) fails the connection with 1009
        try (RawWebSocket ws = endpoint.open(base)) {
            byte[] huge = new byte[16 * 1024 * 1024];
            Arrays.fill(huge, (byte) 'x');
            // Like a client that writes its whole message before it reads (Python's urllib does so with bodies).
            sendInBackground(() -> ws.sendFrame(RawWebSocket.BINARY, huge, true)).join(15_000);
            RawWebSocket.Frame close = ws.awaitCloseFrame(java.time.Duration.ofSeconds(10));
            assertNotNull(close, "RFC 6455 7.4.1: the 1009 close frame was lost (reset?)");
            assertEquals(1009, close.closeCode());
            assertTrue(ws.awaitEnd(java.time.Duration.ofSeconds(10)), "the server closed the connection");
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = { 1002, 1009 })
    void whatWasSentBeforeTheFailureIsNotLostToAReset(int code) throws Exception {
        // 7.1.7 and 7.4.1, issue 13 defect 4: echoes queued on the server (this client reads nothing yet, its
        // receive buffer is small) and the close frame behind them all reach the client, although it keeps
        // sending after the offending frame: an abrupt close would reset the connection and drop them.
        int echoes = 32;
        byte[] payload = new byte[8 * 1024];
        Arrays.fill(payload, (byte) 'e');
        try (RawWebSocket ws = RawWebSocket.openWithReceiveBuffer(base, "/ws/echo", 4096)) {
            for (int i = 0; i < echoes; i++) {
                ws.sendFrame(RawWebSocket.BINARY, payload, true);
            }
            byte[] offending = code == 1002 ? RawWebSocket.encodeFrame(5, payload, true, 0, true)
                    : java.util.HexFormat.of().parseHex("82ff0000000001000000" + "01020304"); // 16 MiB header
            byte[] trailing = new byte[1024 * 1024];
            Thread writer = sendInBackground(() -> ws.sendRaw(FramingConformanceTest.concat(offending, trailing)));
            writer.join(15_000);
            int read = 0;
            RawWebSocket.Frame frame;
            while ((frame = ws.readFrameOrEnd(java.time.Duration.ofSeconds(10))) != null
                    && frame.opcode() == RawWebSocket.BINARY) {
                read++;
            }
            assertEquals(echoes, read, "echoes sent before the failure");
            assertNotNull(frame, "RFC 6455 7.4.1: the close frame was lost");
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(code, frame.closeCode());
        }
    }

    @RepeatedTest(3)
    void bodyOverTheLimitGetsAReadable413WhileTheClientKeepsSending() throws Exception {
        // RFC 9110 15.5.14 (413) and issue 13 defect 4: a client still sending its 20 MiB body reads the 413.
        // 20 MiB is over Quarkus's own limit (quarkus.http.limits.max-body-size, 10 MiB), whose 413 closes the
        // connection; a small receive buffer keeps much of the body unread on the server when it does.
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            int length = 20 * 1024 * 1024;
            out.write(("POST /api/v1/publish HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                    + GatewayTestProfile.API_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            // The whole body first, then the answer, giving up when a write fails: what Python's urllib does.
            java.util.concurrent.atomic.AtomicReference<IOException> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int sent = 0; sent < length; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    failed.set(e);
                }
            });
            writer.start();
            writer.join(15_000);
            assertTrue(failed.get() == null, "the body could not be sent (the server reset the connection): "
                    + failed.get());
            String status = statusLine(socket.getInputStream());
            assertTrue(status.startsWith("HTTP/1.1 413"), "expected a 413, got '" + status + "'");
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString().trim();
    }
}
