package dev.switchboard.bench;

import io.vertx.core.http.WebSocket;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One generator process of the idle scenario: opens its share of connections (a process may hold at most 20,000
 * files here), keeps them alive with protocol {@code ping} commands (Vert.x answers the server's WebSocket pings by
 * itself), prints READY, and holds until its stdin closes or the hold time runs out.
 */
final class IdleWorker {
    private final Options options;
    private final LongAdder closedByServer = new LongAdder();
    private final LongAdder pongs = new LongAdder();

    IdleWorker(Options options) {
        this.options = options;
    }

    void run() throws InterruptedException, IOException {
        Endpoint endpoint = Endpoint.parse(options.required("url"));
        int connections = options.integer("connections", 1000);
        int pingSeconds = options.integer("ping-seconds", 25);
        int holdSeconds = options.integer("hold-seconds", 300);
        boolean welcome = !options.string("await-welcome", "true").equals("false");
        try (Generator gen = new Generator(options)) {
            List<WebSocket> sockets = gen.openMany(connections, options.integer("parallel", 100), i ->
                    (welcome ? ProtocolClient.welcomed(gen, endpoint, i) : gen.connect(endpoint, i)).map(ws -> {
                        ws.handler(frame -> pongs.increment());
                        ws.closeHandler(v -> closedByServer.increment());
                        return ws;
                    }));
            System.err.println("permessage-deflate negotiated on " + ProtocolClient.DEFLATE_NEGOTIATED.sum() + " of "
                    + sockets.size() + " connections (browser-like inflate on " + BrowserLikeDeflate.INSTALLED.sum() + ")");
            System.out.println("READY " + sockets.size());
            System.out.flush();
            // Spread the pings: each second, ping the slice of connections whose turn it is.
            int[] slice = {0};
            gen.vertx.setPeriodic(1000, id -> {
                for (int i = slice[0]; i < sockets.size(); i += pingSeconds) {
                    WebSocket ws = sockets.get(i);
                    if (!ws.isClosed()) {
                        ws.writeTextMessage("{\"type\":\"ping\",\"id\":1}");
                    }
                }
                slice[0] = (slice[0] + 1) % pingSeconds;
            });
            Thread stdinWatcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // wait for EOF: the orchestrator closes our stdin when the measurement is done
                    }
                } catch (IOException ignored) {
                    // treat like EOF
                }
            });
            stdinWatcher.setDaemon(true);
            stdinWatcher.start();
            stdinWatcher.join(holdSeconds * 1000L);
            System.out.println("STATUS open=" + sockets.size() + " closedByServer=" + closedByServer.sum()
                    + " pongs=" + pongs.sum());
            System.out.flush();
        }
    }
}
