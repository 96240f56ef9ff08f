package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket client on the JDK's java.net.http, for tests that run without CDI (against the packaged
 * application, {@code @QuarkusIntegrationTest} and plain process tests). The listener exists before the
 * handshake, so no frame sent right after it (welcome) is lost. Records when the close arrived.
 */
public final class JdkWebSocket implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** A received frame and when it arrived (System.nanoTime()). */
    public record Received(JsonNode frame, long nanos) {
    }

    private final List<Received> frames = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile long closedNanos;
    private WebSocket socket;
    private long nextId = 1;

    private JdkWebSocket() {
    }

    /** Opens {@code path} (may carry a query) on {@code base}; fails the test if the upgrade is refused. */
    public static JdkWebSocket open(URI base, String path) {
        try {
            return tryOpen(base, path);
        } catch (WebSocketHandshakeException e) {
            throw new AssertionError("upgrade refused with HTTP " + e.getResponse().statusCode(), e);
        }
    }

    /** Opens {@code /ws} and waits for the welcome frame. */
    public static JdkWebSocket connect(URI base) {
        JdkWebSocket client = open(base, "/ws");
        client.awaitType("welcome");
        return client;
    }

    /** Opens a path; a refused upgrade is thrown as the handshake exception (its response has the status). */
    public static JdkWebSocket tryOpen(URI base, String path) throws WebSocketHandshakeException {
        JdkWebSocket client = new JdkWebSocket();
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
        try {
            client.socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(uri, client.new Collector()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw refused;
            }
            throw new AssertionError("could not connect to " + uri, e.getCause());
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + uri, e);
        }
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = TestClient.parse(partial.toString());
                partial.setLength(0);
                synchronized (frames) {
                    frames.add(new Received(frame, System.nanoTime()));
                    frames.notifyAll();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedNanos = System.nanoTime();
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedNanos = System.nanoTime();
            closeCode.complete(-1);
        }
    }

    public void send(String text) {
        try {
            socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not send " + text, e);
        }
    }

    /** Sends a command (fields as JSON without braces) with a fresh id and returns the reply to it. */
    public JsonNode request(String type, String fieldsJson) {
        long id = nextId++;
        String fields = fieldsJson == null || fieldsJson.isBlank() ? "" : "," + fieldsJson;
        send("{\"type\":\"" + type + "\",\"id\":" + id + fields + "}");
        return await(f -> f.path("id").asLong() == id, "reply with id " + id).frame();
    }

    public JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()), "frame of type " + type).frame();
    }

    /** Waits for (and removes) the first frame, in arrival order, that matches. */
    public Received await(Predicate<JsonNode> matcher, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (frames) {
            while (true) {
                for (Iterator<Received> it = frames.iterator(); it.hasNext();) {
                    Received r = it.next();
                    if (matcher.test(r.frame())) {
                        it.remove();
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("timed out waiting for " + what + "; frames queued: " + frames);
                }
                try {
                    frames.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Waits for the server's close and returns its code (-1 if the connection broke without one). */
    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection was not closed within " + timeout, e);
        }
    }

    /** When the close arrived (System.nanoTime()); valid after {@link #awaitClose}. */
    public long closedNanos() {
        return closedNanos;
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }
}
