package dev.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server (Debian's {@code /usr/bin/redis-server}) on a free port, without persistence, started and
 * stopped by the test. Without the binary the test is skipped, except under CI ({@code CI=true}) where that fails.
 */
public final class RedisServer implements AutoCloseable {

    private static final String[] CANDIDATES = { "/usr/bin/redis-server", "/usr/local/bin/redis-server" };

    private final String binary;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(String binary, int port) throws IOException {
        this.binary = binary;
        this.port = port;
        this.log = Files.createTempFile("redis-" + port + "-", ".log");
    }

    /** Starts a server, or skips the calling test when redis-server is not installed (fails under CI). */
    public static RedisServer startOrSkip() {
        String binary = null;
        for (String candidate : CANDIDATES) {
            if (new File(candidate).canExecute()) {
                binary = candidate;
                break;
            }
        }
        if (binary == null) {
            String message = "redis-server is not installed (install: apt-get install redis-server; the tests"
                    + " start their own on free ports)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + ": required under CI");
            }
            Assumptions.abort(message + ": Redis tests skipped");
        }
        try {
            RedisServer server = new RedisServer(binary, freePort());
            server.start();
            return server;
        } catch (IOException e) {
            throw new AssertionError("could not start redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://localhost:" + port;
    }

    /** (Re)starts the server on its port with an empty data set. */
    public void start() throws IOException {
        process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("redis-server did not start on port " + port + ": " + Files.readString(log));
            }
            sleep(20);
        }
    }

    /** Stops the server (SIGKILL: like a crash, and nothing is saved anyway). */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
