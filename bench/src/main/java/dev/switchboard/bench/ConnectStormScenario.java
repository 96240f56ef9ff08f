package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connect storm: P loops, each opening a connection, waiting for the protocol's welcome frame (or just the
 * upgrade, for echo servers that send nothing first), closing it and starting over. Counts completed
 * connections per second and times each one from TCP connect to welcome.
 */
final class ConnectStormScenario {
    private final Options options;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Latency setup = new Latency();
    private volatile boolean running = true;
    private Generator gen;
    private Endpoint endpoint;
    private boolean awaitWelcome;

    ConnectStormScenario(Options options) {
        this.options = options;
    }

    void run() {
        endpoint = Endpoint.parse(options.required("url"));
        int parallel = options.integer("parallel", 100);
        awaitWelcome = !options.string("await-welcome", "true").equals("false");
        double warmup = options.decimal("warmup", 3);
        double duration = options.decimal("duration", 10);
        int repeats = options.integer("repeats", 3);
        ServerProcess server = new ServerProcess(options.pid("server-pid"));
        ResultSink sink = new ResultSink(options);
        try (Generator g = new Generator(options)) {
            gen = g;
            for (int i = 0; i < parallel; i++) {
                loop(i);
            }
            Window.sleepSeconds(warmup);
            for (int r = 1; r <= repeats; r++) {
                completed.reset();
                failed.reset();
                setup.restart();
                Window w = Window.open(server);
                Window.sleepSeconds(duration);
                long count = completed.sum();
                var hist = setup.snapshot();
                w.close();
                sink.write(new JsonObject()
                        .put("scenario", "connect-storm")
                        .put("target", options.string("target", "switchboard"))
                        .put("parallel", parallel)
                        .put("awaitWelcome", awaitWelcome)
                        .put("repeat", r)
                        .put("window", w.describe())
                        .put("connectionsPerSecond", Math.round(count / w.seconds()))
                        .put("failures", failed.sum())
                        .put("setupMillis", Latency.percentilesMillis(hist)));
            }
            running = false;
            Window.sleepSeconds(1);
        }
    }

    private void loop(int slot) {
        if (!running) {
            return;
        }
        long t0 = System.nanoTime();
        Future<WebSocket> open = awaitWelcome ? ProtocolClient.welcomed(gen, endpoint, slot)
                : gen.connect(endpoint, slot);
        open.onComplete(ar -> {
            if (ar.succeeded()) {
                setup.recordNanos(System.nanoTime() - t0);
                completed.increment();
                ar.result().close();
            } else {
                failed.increment();
            }
            loop(slot);
        });
    }
}
