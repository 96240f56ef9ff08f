package dev.switchboard.bench;

/**
 * Entry point of the bench jar: {@code java -jar switchboard-bench.jar <scenario> --option value ...}.
 * Every run ends by itself: warm-up, measurement windows, then all sockets close.
 */
public final class Main {
    // Held in a field: java.util.logging keeps loggers weakly, and a collected logger forgets its level.
    private static final java.util.logging.Logger VERTX_CONNECTIONS =
            java.util.logging.Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        // Closing thousands of sockets at the end of a run logs one "Connection was closed" each; that is expected.
        VERTX_CONNECTIONS.setLevel(java.util.logging.Level.OFF);
        Options options = new Options(args, 1);
        switch (args[0]) {
            case "echo" -> new EchoScenario(options).run();
            case "fanout" -> new FanoutScenario(options).run();
            case "idle" -> new IdleScenario(options).run();
            case "idle-worker" -> new IdleWorker(options).run();
            case "storm" -> new ConnectStormScenario(options).run();
            case "polling" -> new PollingScenario(options).run();
            case "vertx-echo-server" -> BareVertxEchoServer.run(options);
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar switchboard-bench.jar <scenario> [--option value ...]
                  echo    --url ws://127.0.0.1:8080/ws/echo --connections 100 --inflight 10 --size 64
                  fanout  --url ws://127.0.0.1:8080/ws --subscribers 10000 --channels 1 --rate 50 --publisher ws|http|pusher
                          --api-key KEY --protocol native|pusher --pusher-app ID --pusher-key KEY --pusher-secret S
                          --dialect switchboard|socketio (Socket.IO 4: --url ws://host:port/)
                  idle    --url ws://127.0.0.1:8080/ws --connections 19000 --processes 4 --server-pid PID
                          --warmup-connections 0 --histogram-out FILE
                  storm   --url ws://127.0.0.1:8080/ws --parallel 200 --await-welcome true
                  polling --url ws://127.0.0.1:8080/ws --mode ws|longpoll|shortpoll|shortpoll-poll|none --clients 200 --rate 20
                          --ping-seconds 25 (ws clients' ping commands; 0: none)
                  vertx-echo-server --port 8768
                common: --warmup s --duration s --repeats n --server-pid PID --target LABEL --out results.jsonl
                """);
    }
}
