package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A WebSocket client on the JDK's {@code java.net.http} (it answers pings by itself), for tests that talk to
 * Switchboard nodes running as separate processes, where the Quarkus client of {@link TestClient} is not
 * available. Same idea as TestClient: every text frame is queued until a test takes it.
 */
public final class JdkWebSocketClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<JsonNode> frames = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private long nextId = 1;

    private JdkWebSocketClient(URI uri) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonNode frame = TestClient.parse(partial.toString());
                    partial.setLength(0);
                    synchronized (frames) {
                        frames.add(frame);
                        frames.notifyAll();
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, listener).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Connects to {@code ws://localhost:<port>/ws} and returns the welcome frame's client id in {@link #id}. */
    public static JdkWebSocketClient connect(int port) {
        JdkWebSocketClient client = new JdkWebSocketClient(URI.create("ws://localhost:" + port + "/ws"));
        client.welcome = client.awaitType("welcome");
        return client;
    }

    private JsonNode welcome;

    public String id() {
        return welcome.path("client").asText();
    }

    public JsonNode welcome() {
        return welcome;
    }

    public void send(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Sends a command with a fresh id and returns the reply to it (a success reply or an error). */
    public JsonNode request(String type, String fieldsJson) {
        long id = nextId++;
        String fields = fieldsJson == null || fieldsJson.isBlank() ? "" : "," + fieldsJson;
        send("{\"type\":\"" + type + "\",\"id\":" + id + fields + "}");
        return await(f -> f.path("id").asLong() == id, "reply with id " + id);
    }

    public JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()), "frame of type " + type);
    }

    /** Waits for the next publication push of a channel. */
    public JsonNode awaitPublication(String channel) {
        return await(f -> "publication".equals(f.path("type").asText())
                && channel.equals(f.path("channel").asText()), "publication on " + channel);
    }

    public JsonNode await(Predicate<JsonNode> matcher, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (frames) {
            while (true) {
                for (Iterator<JsonNode> it = frames.iterator(); it.hasNext();) {
                    JsonNode frame = it.next();
                    if (matcher.test(frame)) {
                        it.remove();
                        return frame;
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

    /** Frames received but not yet taken. */
    public List<JsonNode> pending() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() {
        try {
            return closed.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection was not closed", e);
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
