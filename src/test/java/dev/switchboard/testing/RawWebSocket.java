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
 * does not answer pings, and it can send arbitrary frames. Used to test the server's heartbeat and limits.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    /** RSV1, the permessage-deflate bit (RFC 7692 6), in the position {@link #sendFrame(int, int, byte[], boolean)} takes. */
    public static final int RSV1 = 4;

    /** A frame as read: its opcode, payload, and RSV bits (4 = RSV1, 2 = RSV2, 1 = RSV3). */
    public record Frame(int opcode, byte[] payload, int rsv) {
        public Frame(int opcode, byte[] payload) {
            this(opcode, payload, 0);
        }

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
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private String handshakeResponse;

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
        String status = ws.handshake(base, path, headers);
        ws.handshakeResponse = status;
        if (!status.startsWith("HTTP/1.1 101")) {
            ws.socket.close();
            throw new IOException("upgrade refused: " + status);
        }
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
        return handshakeResponse;
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
            return new Frame(b0 & 0x0f, payload, (b0 >> 4) & 0x07);
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
        sendFrame(opcode, 0, payload, fin);
    }

    /** Sends one masked frame with these RSV bits (4 = RSV1). */
    public void sendFrame(int opcode, int rsv, byte[] payload, boolean fin) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv & 0x07) << 4 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            long len = payload.length;
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (len >>> (8 * i)) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
