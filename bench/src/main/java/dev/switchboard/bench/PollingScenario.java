package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket versus polling: one stream of publications (HTTP API publisher at a set rate, one channel) delivered
 * to K clients over WebSocket, long-poll ({@code GET /poll}) or short-poll (history every second). Reports
 * delivery latency from the payload timestamp and the server's CPU seconds per 1,000 delivered messages. Mode
 * {@code none} runs the publisher alone, so the publish cost can be told apart from the delivery cost.
 */
final class PollingScenario {
    private final Options options;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Latency latency = new Latency();
    private volatile boolean running = true;
    private Generator gen;
    private Endpoint endpoint;
    private String channel;
    private String apiKey;
    private HttpClient http;

    PollingScenario(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        endpoint = Endpoint.parse(options.required("url"));
        String mode = options.string("mode", "ws");
        int clients = options.integer("clients", 200);
        double rate = options.decimal("rate", 20);
        double warmup = options.decimal("warmup", 5);
        double duration = options.decimal("duration", 15);
        int repeats = options.integer("repeats", 3);
        double interval = options.decimal("poll-interval", 1.0);
        int longPollTimeout = options.integer("poll-timeout", 25);
        apiKey = options.string("api-key", "bench-key");
        channel = options.string("channel", "pollbench" + System.currentTimeMillis() % 100000);
        ServerProcess server = new ServerProcess(options.pid("server-pid"));
        ResultSink sink = new ResultSink(options);

        try (Generator g = new Generator(options)) {
            gen = g;
            // Twice the clients: a poller may ask again before its previous connection is back in the pool.
            http = gen.http(Math.max(16, 2 * clients));
            Publisher publisher = new Publisher(gen, Publisher.Via.valueOf(options.string("publisher", "http")
                    .toUpperCase()), endpoint, apiKey, new String[] {channel});
            publisher.start().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
            // Make the channel exist and learn its position before any poller asks for "since".
            publisher.rate(rate);
            Window.sleepSeconds(0.5);
            switch (mode) {
                case "ws" -> pingLikeClients(gen.openMany(clients, 100, i -> ProtocolClient.subscribed(gen,
                        endpoint, i, channel, frame -> onDelivery(Timestamp.find(frame, 0)))),
                        options.integer("ping-seconds", 25));
                case "longpoll" -> startPollers(clients, i -> longPoll(i, longPollTimeout));
                case "shortpoll" -> startPollers(clients, i -> shortPoll(i, interval, true));
                case "shortpoll-poll" -> startPollers(clients, i -> shortPoll(i, interval, false));
                case "none" -> { }
                default -> throw new IllegalArgumentException(
                        "mode is ws, longpoll, shortpoll (history API), shortpoll-poll (/poll?timeout=0) or none");
            }
            Window.sleepSeconds(warmup);
            for (int r = 1; r <= repeats; r++) {
                delivered.reset();
                requests.reset();
                failures.reset();
                latency.restart();
                long sent0 = publisher.sent.sum();
                Window w = Window.open(server);
                Window.sleepSeconds(duration);
                long count = delivered.sum();
                long sent = publisher.sent.sum() - sent0;
                var hist = latency.snapshot();
                w.close();
                JsonObject result = new JsonObject()
                        .put("scenario", "polling")
                        .put("target", options.string("target", "switchboard"))
                        .put("mode", mode)
                        .put("offeredPublicationsPerSecond", rate)
                        .put("clients", mode.equals("none") ? 0 : clients)
                        .put("publicationsPerSecond", Math.round(sent / w.seconds()))
                        .put("deliveriesPerSecond", Math.round(count / w.seconds()))
                        .put("httpRequests", requests.sum())
                        .put("failures", failures.sum() + publisher.failed.sum())
                        .put("repeat", r)
                        .put("window", w.describe())
                        .put("latencyMillis", Latency.percentilesMillis(hist));
                if (count > 0) {
                    result.put("serverCpuSecondsPer1000", w.serverCpuSeconds() / count * 1000);
                }
                sink.write(result);
            }
            running = false;
            publisher.rate(0);
            Window.sleepSeconds(0.5);
        }
    }

    /**
     * WebSocket clients send a {@code ping} command every {@code seconds} (PROTOCOL.md: browsers cannot see the
     * server's ping frames, so clients ping too), spread over the interval: that and its {@code pong} are part of
     * what a connection costs when publications are rare. 0: no pings.
     */
    private void pingLikeClients(java.util.List<io.vertx.core.http.WebSocket> sockets, int seconds) {
        if (seconds <= 0) {
            return;
        }
        int[] slice = {0};
        gen.vertx.setPeriodic(1000, id -> {
            for (int i = slice[0]; i < sockets.size(); i += seconds) {
                if (!sockets.get(i).isClosed()) {
                    sockets.get(i).writeTextMessage("{\"type\":\"ping\",\"id\":1}");
                }
            }
            slice[0] = (slice[0] + 1) % seconds;
        });
    }

    private void onDelivery(long t) {
        if (t > 0) {
            latency.recordNanos(System.nanoTime() - t);
            delivered.increment();
        }
    }

    private void startPollers(int clients, java.util.function.IntConsumer start) {
        for (int i = 0; i < clients; i++) {
            int index = i;
            gen.on(i, () -> start.accept(index));
        }
    }

    /** The stream position a poller continues from: epoch and the newest offset it has seen. */
    private static final class Position {
        String epoch;
        long offset;

        String query() {
            return URLEncoder.encode(epoch + ":" + offset, StandardCharsets.UTF_8);
        }

        /** Takes publications out of a poll or history answer; moves the position to the newest one seen. */
        void absorb(Buffer body, PollingScenario sink) {
            Object parsed = body.toJson();
            JsonArray pubs;
            if (parsed instanceof JsonArray a) {
                pubs = a;
            } else {
                JsonObject o = (JsonObject) parsed;
                pubs = o.getJsonArray("publications", new JsonArray());
                String e = o.getString("epoch");
                if (e != null && !e.equals(epoch)) {
                    epoch = e; // history lost (e.g. restart): continue from the answer's position
                    offset = pubs.isEmpty() ? o.getLong("offset", offset) : 0;
                }
                if (pubs.isEmpty() && o.getLong("offset", offset) > offset) {
                    offset = o.getLong("offset"); // recovered=false: skipped ahead, nothing to count
                }
            }
            for (int i = 0; i < pubs.size(); i++) {
                JsonObject p = pubs.getJsonObject(i);
                long off = p.getLong("offset", 0L);
                if (off <= offset) {
                    continue; // already seen: never count a delivery twice
                }
                offset = off;
                Object data = p.getValue("data");
                if (data instanceof JsonObject d && d.containsKey("t")) {
                    sink.onDelivery(d.getLong("t"));
                }
            }
        }
    }

    private Future<Position> initialPosition() {
        return get("/api/v1/channels/" + channel + "/history?limit=1", true).map(body -> {
            JsonObject o = body.toJsonObject();
            Position p = new Position();
            p.epoch = o.getString("epoch");
            p.offset = o.getLong("offset", 0L);
            return p;
        });
    }

    private void longPoll(int index, int timeout) {
        initialPosition().onSuccess(pos -> longPollLoop(pos, timeout)).onFailure(this::failed);
    }

    private void longPollLoop(Position pos, int timeout) {
        if (!running) {
            return;
        }
        get("/poll?channel=" + channel + "&since=" + pos.query() + "&timeout=" + timeout, false)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        pos.absorb(ar.result(), this);
                        longPollLoop(pos, timeout);
                    } else {
                        failed(ar.cause());
                        gen.vertx.setTimer(1000, id -> longPollLoop(pos, timeout));
                    }
                });
    }

    /** Every interval: the history API (a backend's view) or {@code /poll?timeout=0} (what a browser would call). */
    private void shortPoll(int index, double interval, boolean viaHistory) {
        long period = Math.max(1, (long) (interval * 1000));
        initialPosition().onSuccess(pos -> {
            // Random phase: real clients do not poll in lock-step.
            gen.vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(period), first ->
                    gen.vertx.setPeriodic(period, id -> {
                        if (!running) {
                            gen.vertx.cancelTimer(id);
                            return;
                        }
                        String uri = viaHistory
                                ? "/api/v1/channels/" + channel + "/history?since=" + pos.query() + "&limit=1000"
                                : "/poll?channel=" + channel + "&since=" + pos.query() + "&timeout=0";
                        get(uri, viaHistory)
                                .onSuccess(body -> pos.absorb(body, this))
                                .onFailure(this::failed);
                    }));
        }).onFailure(this::failed);
    }

    private Future<Buffer> get(String uri, boolean withKey) {
        RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setHost(endpoint.host())
                .setPort(endpoint.port()).setURI(uri).setTimeout(120_000);
        if (withKey) {
            req.putHeader("X-API-Key", apiKey);
        }
        requests.increment();
        return http.request(req).compose(r -> r.send()).compose(r -> r.body().compose(body -> r.statusCode() / 100 == 2
                ? Future.succeededFuture(body)
                : Future.failedFuture("HTTP " + r.statusCode() + " " + uri + ": " + body)));
    }

    private void failed(Throwable t) {
        if (failures.sum() < 3) {
            System.err.println("poll failed: " + t.getMessage());
        }
        failures.increment();
    }
}
