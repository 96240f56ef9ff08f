package dev.switchboard.hooks;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A real HTTP back end for the hook tests: a Vert.x HTTP server in the test JVM, on a port fixed for the JVM
 * (so the test profile can name it before the server runs), answering each path with a test-chosen function and
 * recording every request it got. It can be stopped and started again on the same port (a back end that is down).
 */
public final class HookBackend implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the back end saw it. */
    public record Request(String path, Map<String, String> headers, byte[] raw, JsonNode body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    }

    /** An answer: status, body text, and how long to wait before sending it. */
    public record Reply(int status, String body, long delayMillis) {
        public static Reply json(String body) {
            return new Reply(200, body, 0);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private final Function<Request, Reply> handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public HookBackend(int port, Function<Request, Reply> handler) {
        this.port = port;
        this.handler = handler;
    }

    /**
     * A port for {@code name}, the same for the whole JVM: kept in a system property, because Quarkus may load the
     * test profile in another class loader than the test, and both must agree.
     */
    public static synchronized int port(String name) {
        String key = "hook-test-backend-port." + name;
        String known = System.getProperty(key);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            System.setProperty(key, Integer.toString(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public HookBackend start() {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(buffer -> {
            byte[] raw = buffer.getBytes();
            JsonNode body;
            try {
                body = raw.length == 0 ? null : JSON.readTree(raw);
            } catch (IOException e) {
                body = null;
            }
            Map<String, String> headers = new java.util.HashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            Request seen = new Request(request.path(), headers, raw, body);
            requests.add(seen);
            Reply reply = handler.apply(seen);
            Runnable answer = () -> request.response().setStatusCode(reply.status())
                    .putHeader("content-type", "application/json").end(reply.body());
            if (reply.delayMillis() > 0) {
                vertx.setTimer(reply.delayMillis(), t -> {
                    if (!request.response().closed()) {
                        answer.run();
                    }
                });
            } else {
                answer.run();
            }
        }));
        try {
            server.listen(port, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("back end could not listen on " + port, e);
        }
        return this;
    }

    public void stop() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            server = null;
        }
    }

    public List<Request> requests() {
        return requests;
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        stop();
        vertx.close();
    }
}
