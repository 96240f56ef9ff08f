package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;


/**
 * A real WebSocket client (the Quarkus WebSockets Next client, on Vert.x) for tests: connects over TCP, collects every frame the server sends, and
 * lets a test wait for the frame it expects. Frames not yet asked for stay queued, so a test can check order.
 */
public final class TestClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> frames = new ArrayList<>();
    private final List<byte[]> binaryFrames = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocketClientConnection connection;
    private long nextId = 1;

    private TestClient() {
    }

    /** Opens {@code /ws} and waits for the welcome frame. */
    public static TestClient connect(URI base) {
        TestClient client = open(base, "/ws");
        client.awaitType("welcome");
        return client;
    }

    /** Opens any path without waiting for a frame. */
    public static TestClient open(URI base, String path) {
        return open(base, path, connector -> {
        });
    }

    /** Opens a path with extra settings (headers, subprotocols) applied to the connector. */
    public static TestClient open(URI base, String path, Consumer<BasicWebSocketConnector> settings) {
        try {
            return openAsync(base, path, settings).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + base + path, e);
        }
    }

    /** Opens {@code count} connections to {@code /ws} concurrently and waits for each one's welcome. */
    public static List<TestClient> connectMany(URI base, int count) {
        List<CompletableFuture<TestClient>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(openAsync(base, "/ws", connector -> {
            }));
        }
        List<TestClient> clients = new ArrayList<>(count);
        for (CompletableFuture<TestClient> future : pending) {
            try {
                clients.add(future.get(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                clients.forEach(TestClient::close);
                throw new AssertionError("could not open " + count + " connections", e);
            }
        }
        clients.forEach(client -> client.awaitType("welcome"));
        return clients;
    }

    private static CompletableFuture<TestClient> openAsync(URI base, String path,
            Consumer<BasicWebSocketConnector> settings) {
        TestClient client = new TestClient();
        // Handlers are registered before the connection exists, so a frame sent at once (welcome) is never lost.
        BasicWebSocketConnector connector = BasicWebSocketConnector.create()
                .baseUri(base)
                .path(path)
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .customizeOptions((connect, options) -> options
                        .setMaxFrameSize(16 * 1024 * 1024)
                        .setMaxMessageSize(64 * 1024 * 1024)
                        .setConnectTimeout(10_000))
                .onTextMessage((c, text) -> client.received(parse(text)))
                .onBinaryMessage((c, buffer) -> client.receivedBinary(buffer.getBytes()))
                .onClose((c, reason) -> client.closed.complete(reason == null ? -1 : reason.getCode()));
        settings.accept(connector);
        return connector.connect().map(connection -> {
            client.connection = connection;
            return client;
        }).subscribeAsCompletionStage();
    }

    private void received(JsonNode frame) {
        synchronized (frames) {
            frames.add(frame);
            frames.notifyAll();
        }
    }

    private void receivedBinary(byte[] data) {
        synchronized (frames) {
            binaryFrames.add(data);
            frames.notifyAll();
        }
    }

    public void send(String text) {
        if (closed.isDone()) {
            throw new AssertionError("cannot send: the server closed the connection with " + closed.join()
                    + "; frames queued: " + pending());
        }
        connection.sendText(text).await().atMost(TIMEOUT);
    }

    public void sendBinary(byte[] data) {
        connection.sendBinary(data).await().atMost(TIMEOUT);
    }

    /** Sends a command (JSON object text without an id) with a fresh id and returns the reply to it. */
    public JsonNode request(String type, String fieldsJson) {
        long id = nextId++;
        String fields = fieldsJson == null || fieldsJson.isBlank() ? "" : "," + fieldsJson;
        send("{\"type\":\"" + type + "\",\"id\":" + id + fields + "}");
        return awaitId(id);
    }

    public JsonNode subscribe(String channel) {
        return expectType(request("subscribe", "\"channel\":\"" + channel + "\""), "subscribed");
    }

    public JsonNode publish(String channel, String dataJson) {
        return expectType(request("publish", "\"channel\":\"" + channel + "\",\"data\":" + dataJson), "published");
    }

    public JsonNode awaitId(long id) {
        return await(f -> f.path("id").asLong() == id, "reply with id " + id);
    }

    public JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()), "frame of type " + type);
    }

    /** Waits for (and removes) the first frame, in arrival order, that matches. */
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
                waitOn(left);
            }
        }
    }

    /** Waits for {@code count} publication pushes of a channel and returns them in arrival order. */
    public List<JsonNode> publications(String channel, int count) {
        List<JsonNode> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(await(f -> "publication".equals(f.path("type").asText())
                    && channel.equals(f.path("channel").asText()), (count - i) + " more publications of " + channel));
        }
        return result;
    }

    public byte[] awaitBinary() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (frames) {
            while (binaryFrames.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("timed out waiting for a binary frame");
                }
                waitOn(left);
            }
            return binaryFrames.remove(0);
        }
    }

    /** Frames received but not yet taken by an await. */
    public List<JsonNode> pending() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Waits a short quiet period and asserts that no further frame matching arrived. */
    public void assertNoFrame(Predicate<JsonNode> matcher, Duration quiet) {
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (frames) {
            for (JsonNode frame : frames) {
                if (matcher.test(frame)) {
                    fail("unexpected frame " + frame);
                }
            }
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

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone() && connection.isOpen()) {
            connection.close().subscribe().with(ignored -> {
            }, ignored -> {
            });
        }
    }

    public static JsonNode expectType(JsonNode frame, String type) {
        assertNotNull(frame);
        if (!type.equals(frame.path("type").asText())) {
            fail("expected a " + type + " frame but got " + frame);
        }
        return frame;
    }

    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("server sent a frame that is not JSON: " + text, e);
        }
    }

    private void waitOn(long nanos) {
        try {
            frames.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
