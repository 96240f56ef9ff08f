package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written against RFC 6455 on a plain socket, for what well-behaved clients never do: it
 * does not answer pings, and it can send arbitrary frames (any opcode, RSV bits, unmasked, raw bytes). Used to
 * test the server's heartbeat and limits, and by the conformance suite (dev.switchboard.conformance).
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    /** RSV1, the permessage-deflate bit (RFC 7692 6), as {@link #sendFrame(int, int, byte[], boolean)} takes it. */
    public static final int RSV1 = 4;

    /** A frame as received: {@code rsv} holds the three RSV bits (RSV1 = 4, RSV2 = 2, RSV3 = 1). */
    public record Frame(int opcode, byte[] payload, boolean fin, int rsv) {

        /** Whether RSV1 is set: with permessage-deflate, the message is compressed. */
        public boolean compressed() {
            return (rsv & RSV1) != 0;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        /** The reason of a close frame (RFC 6455 5.5.1), empty when there is none. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private String responseHead;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawWebSocket open(URI base, String path) throws IOException {
        return open(base, path, java.util.Map.of());
    }

    /** Opens a connection with extra request headers (e.g. Origin, Authorization); path may carry a query. */
    public static RawWebSocket open(URI base, String path, java.util.Map<String, String> headers) throws IOException {
        RawWebSocket ws = new RawWebSocket(new Socket(base.getHost(), base.getPort()));
        ws.socket.setSoTimeout(10_000); // a server that cannot answer fails the test instead of hanging it
        String status = ws.handshake(base, path, headers);
        if (!status.startsWith("HTTP/1.1 101")) {
            ws.socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        ws.responseHead = status;
        return ws;
    }

    /** The server's answer to the upgrade (status line and headers) of an opened connection. */
    public String responseHead() {
        return responseHead;
    }

    /**
     * Opens a connection whose socket has a small receive buffer, so that what the server sends and this
     * client does not read stays queued on the server's side (for tests of how the server closes).
     */
    public static RawWebSocket openWithReceiveBuffer(URI base, String path, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        String status = ws.handshake(base, path, java.util.Map.of());
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        ws.responseHead = status;
        return ws;
    }

    /** Attempts an upgrade and returns the HTTP status code the server answered with (101 when upgraded). */
    public static int upgradeStatus(URI base, String path, java.util.Map<String, String> headers) throws IOException {
        try (RawWebSocket ws = new RawWebSocket(new Socket(base.getHost(), base.getPort()))) {
            ws.socket.setSoTimeout(10_000);
            String status = ws.handshake(base, path, headers);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    /** Attempts an upgrade and returns the server's whole response head (status line and headers). */
    public static String upgradeResponse(URI base, String path, java.util.Map<String, String> headers)
            throws IOException {
        try (RawWebSocket ws = new RawWebSocket(new Socket(base.getHost(), base.getPort()))) {
            ws.socket.setSoTimeout(10_000);
            return ws.handshake(base, path, headers);
        }
    }

    private String handshake(URI base, String path, java.util.Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                + base.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readHeaders();
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The server's response head to this connection's upgrade (status line and headers). */
    public String handshakeResponse() {
        return responseHead;
    }

    public Frame readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, payload, (b0 & 0x80) != 0, (b0 >>> 4) & 0x7);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + timeout);
        }
    }

    /** Reads a frame, or returns null when the server ended the connection (EOF or reset). */
    public Frame readFrameOrEnd(Duration timeout) {
        try {
            return readFrame(timeout);
        } catch (IOException ended) {
            return null;
        }
    }

    /** Sends one masked frame, as clients must. */
    public void sendFrame(int opcode, byte[] payload, boolean fin) throws IOException {
        sendFrame(opcode, payload, fin, 0, true);
    }

    /** Sends one masked frame with these RSV bits (4 = RSV1). */
    public void sendFrame(int opcode, int rsv, byte[] payload, boolean fin) throws IOException {
        sendFrame(opcode, payload, fin, rsv, true);
    }

    /** Sends one frame with these RSV bits (RSV1 = 4), masked or not: whatever a broken client would send. */
    public void sendFrame(int opcode, byte[] payload, boolean fin, int rsv, boolean masked) throws IOException {
        sendRaw(encodeFrame(opcode, payload, fin, rsv, masked));
    }

    /** The bytes of one client frame (RFC 6455 5.2), with the shortest length encoding. */
    public static byte[] encodeFrame(int opcode, byte[] payload, boolean fin, int rsv, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            long len = payload.length;
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (len >>> (8 * i)) & 0xff);
            }
        }
        if (!masked) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** Writes bytes to the socket as they are (several frames at once, half a frame, anything). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a close frame with this code and reason (RFC 6455 5.5.1). */
    public void sendClose(int code, byte[] reason) throws IOException {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        sendFrame(CLOSE, payload, true);
    }

    /**
     * Reads until the server's close frame and returns it, skipping the frames before it; null when the
     * connection ended without one (EOF, reset, or nothing within {@code timeout}).
     */
    public Frame awaitCloseFrame(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Frame frame;
            try {
                frame = readFrame(Duration.ofMillis(left));
            } catch (IOException | AssertionError ended) {
                return null;
            }
            if (frame.opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** Whether the server closed the TCP connection (EOF or reset) within {@code timeout}, after any frames. */
    public boolean awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
