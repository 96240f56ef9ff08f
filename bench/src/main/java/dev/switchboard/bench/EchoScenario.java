package dev.switchboard.bench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Echo: N connections, each keeping W text messages in flight against an echo endpoint. Every reply is timed
 * against its own send (echo keeps order, so a FIFO of send times per connection pairs them) and immediately
 * replaced by a new message: a closed loop, so the rate measured is what the server sustains.
 */
final class EchoScenario {
    private final Options options;
    private final LongAdder echoed = new LongAdder();
    private final Latency rtt = new Latency();
    private volatile boolean running = true;

    EchoScenario(Options options) {
        this.options = options;
    }

    void run() throws InterruptedException {
        Endpoint endpoint = Endpoint.parse(options.required("url"));
        int connections = options.integer("connections", 100);
        int inflight = options.integer("inflight", 10);
        int size = options.integer("size", 64);
        double warmup = options.decimal("warmup", 5);
        double duration = options.decimal("duration", 10);
        int repeats = options.integer("repeats", 3);
        // --message chat: chat-like text that compresses like real messages; the default, one repeated letter.
        String message = options.string("message", "x").equals("chat") ? Timestamp.chatText(size) : "x".repeat(size);
        ServerProcess server = new ServerProcess(options.pid("server-pid"));
        ResultSink sink = new ResultSink(options);

        try (Generator gen = new Generator(options)) {
            List<WebSocket> sockets = gen.openMany(connections, 200,
                    i -> gen.connect(endpoint, i).map(ws -> start(ws, inflight, message)));
            if (sockets.size() < connections) {
                System.err.println("only " + sockets.size() + " of " + connections + " connections opened");
            }
            Window.sleepSeconds(warmup);
            for (int r = 1; r <= repeats; r++) {
                echoed.reset();
                rtt.restart();
                Window w = Window.open(server);
                Window.sleepSeconds(duration);
                long count = echoed.sum();
                var hist = rtt.snapshot();
                w.close();
                sink.write(new JsonObject()
                        .put("scenario", "echo")
                        .put("target", options.string("target", endpoint.toString()))
                        .put("connections", sockets.size())
                        .put("inflight", inflight)
                        .put("size", size)
                        .put("message", options.string("message", "x"))
                        .put("compress", options.string("compress", "false"))
                        .put("repeat", r)
                        .put("window", w.describe())
                        .put("messagesPerSecond", Math.round(count / w.seconds()))
                        .put("rttMillis", Latency.percentilesMillis(hist)));
            }
            running = false;
        }
    }

    private WebSocket start(WebSocket ws, int inflight, String message) {
        ArrayDeque<Long> sentAt = new ArrayDeque<>(inflight);
        // Replies arrive on this connection's event loop, the same thread that sends: the deque needs no lock.
        ws.handler(buffer -> {
            Long t = sentAt.poll();
            long now = System.nanoTime();
            if (t != null) {
                rtt.recordNanos(now - t);
                echoed.increment();
            }
            if (running) {
                sentAt.add(System.nanoTime());
                ws.writeTextMessage(message);
            }
        });
        ws.exceptionHandler(e -> { });
        for (int k = 0; k < inflight; k++) {
            sentAt.add(System.nanoTime());
            ws.writeTextMessage(message);
        }
        return ws;
    }

}
