package dev.switchboard.bench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out: S subscribers spread over C channels, one publisher at a given rate (several rates in one run, so a
 * sweep costs one connection setup). Subscribers speak the native protocol, or with {@code --protocol pusher}
 * Pusher's (public channels of app {@code --pusher-key}); {@code --publisher pusher} triggers through Pusher's
 * signed HTTP API (app {@code --pusher-app}, {@code --pusher-secret}). Counts deliveries by arrival time inside each window and times every one
 * from the publisher's timestamp in the payload.
 */
final class FanoutScenario {
    private final Options options;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final Latency latency = new Latency();
    private boolean pusherFrames; // Pusher events carry the payload as a JSON string: its key is quoted

    FanoutScenario(Options options) {
        this.options = options;
    }

    private boolean delta;

    void run() throws Exception {
        Endpoint endpoint = Endpoint.parse(options.required("url"));
        Dialect dialect = Dialect.of(options);
        int subscribers = options.integer("subscribers", 1000);
        // --delta true: subscribe with delta "fossil" (the channels' namespace must have delta on, e.g.
        // --channel-prefix game:bench with -Dswitchboard.namespaces.game.delta=true). Delta frames carry no
        // readable timestamp, so deliveries are counted by frame and latency only from whole frames.
        delta = options.flag("delta");
        int channelCount = options.integer("channels", 1);
        Publisher.Via via = Publisher.Via.valueOf(options.string("publisher", "ws").toUpperCase());
        String[] rates = options.string("rate", "10").split(",");
        double warmup = options.decimal("warmup", 3);
        double duration = options.decimal("duration", 10);
        int repeats = options.integer("repeats", 3);
        String prefix = options.string("channel-prefix", "bench" + System.currentTimeMillis() % 100000);
        boolean pusher = options.string("protocol", "native").equals("pusher");
        pusherFrames = pusher;
        Endpoint subscribeAt = pusher ? PusherClient.endpoint(endpoint, options.string("pusher-key", "bench-key"))
                : endpoint;
        String[] channels = new String[channelCount];
        for (int c = 0; c < channelCount; c++) {
            channels[c] = prefix + "-" + c;
        }
        ServerProcess server = new ServerProcess(options.pid("server-pid"));
        ResultSink sink = new ResultSink(options);

        try (Generator gen = new Generator(options)) {
            long t0 = System.nanoTime();
            List<WebSocket> subs = gen.openMany(subscribers, options.integer("parallel", 200),
                    i -> (pusher ? PusherClient.subscribed(gen, subscribeAt, i, channels[i % channelCount], this::onFrame)
                            : delta ? ProtocolClient.subscribed(gen, endpoint, i, channels[i % channelCount],
                                    ",\"delta\":\"fossil\"", this::onFrame)
                            : dialect.subscribed(gen, endpoint, i, channels[i % channelCount], this::onFrame))
                            .map(ws -> {
                                ws.closeHandler(v -> closed.increment());
                                return ws;
                            }));
            System.out.printf("%d subscribers ready in %.1f s (permessage-deflate on %d, browser-like inflate on %d)%n",
                    subs.size(), (System.nanoTime() - t0) / 1e9, ProtocolClient.DEFLATE_NEGOTIATED.sum(),
                    BrowserLikeDeflate.INSTALLED.sum());
            Publisher publisher = new Publisher(gen, via, endpoint, options.string("api-key", "bench-key"),
                    channels, dialect);
            publisher.payloadBytes = options.integer("payload-bytes", 0);
            publisher.pusherApp = options.string("pusher-app", "bench");
            publisher.pusherSigner = new PusherSigner(options.string("pusher-key", "bench-key"),
                    options.string("pusher-secret", "bench-secret"));
            publisher.start().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
            int perChannel = Math.max(1, subs.size() / channelCount);
            rates:
            for (String r : rates) {
                double rate = Double.parseDouble(r);
                publisher.rate(rate);
                Window.sleepSeconds(warmup);
                for (int rep = 1; rep <= repeats; rep++) {
                    if (closed.sum() >= subs.size()) {
                        System.err.println("every subscriber was closed (server gone?): stopping");
                        break rates;
                    }
                    delivered.reset();
                    latency.restart();
                    long sent0 = publisher.sent.sum();
                    long failed0 = publisher.failed.sum();
                    Window w = Window.open(server);
                    Window.sleepSeconds(duration);
                    long count = delivered.sum();
                    long sent = publisher.sent.sum() - sent0;
                    var hist = latency.snapshot();
                    w.close();
                    JsonObject result = new JsonObject()
                            .put("scenario", channelCount == 1 ? "fanout-one-channel" : "fanout-many-channels")
                            .put("target", options.string("target", "switchboard"))
                            .put("publisher", via.name().toLowerCase())
                            .put("protocol", pusher ? "pusher" : "native")
                            .put("compress", options.string("compress", "false"))
                            .put("payloadBytes", publisher.payloadBytes)
                            .put("delta", delta)
                            .put("subscribers", subs.size())
                            .put("channels", channelCount)
                            .put("offeredPublicationsPerSecond", rate)
                            .put("offeredDeliveriesPerSecond", Math.round(rate * perChannel))
                            .put("publicationsPerSecond", Math.round(sent / w.seconds()))
                            .put("deliveriesPerSecond", Math.round(count / w.seconds()))
                            .put("publishFailures", publisher.failed.sum() - failed0)
                            .put("subscribersClosed", closed.sum())
                            .put("repeat", rep)
                            .put("window", w.describe())
                            .put("latencyMillis", Latency.percentilesMillis(hist));
                    if (!Double.isNaN(w.serverCpuSeconds()) && count > 0) {
                        result.put("serverCpuSecondsPer1000", w.serverCpuSeconds() / count * 1000);
                    }
                    sink.write(result);
                }
            }
            publisher.rate(0);
            Window.sleepSeconds(1);
        }
    }

    private void onFrame(io.vertx.core.buffer.Buffer frame) {
        long now = System.nanoTime();
        if (delta) {
            if (ProtocolClient.contains(frame, "\"delta\":true")) {
                delivered.increment();
                return;
            }
            if (!ProtocolClient.contains(frame, "\"publication\"")) {
                return;
            }
        }
        long t = pusherFrames ? Timestamp.findInString(frame) : Timestamp.find(frame, 0);
        if (t > 0) {
            latency.recordNanos(now - t);
            delivered.increment();
        }
    }
}
