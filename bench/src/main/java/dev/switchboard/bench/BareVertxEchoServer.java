package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextInternal;

/**
 * The ceiling of Switchboard's own stack: a plain Vert.x HTTP server on the same Vert.x version Quarkus uses, that
 * echoes WebSocket text and binary messages. No CDI, no routing, no JSON: whatever Switchboard costs beyond this is
 * framework and application overhead.
 */
final class BareVertxEchoServer {

    static void run(Options options) throws InterruptedException {
        int port = options.integer("port", 8768);
        // Quarkus's default is 2 x cores event loops; Vert.x's own default is the same.
        Vertx vertx = Vertx.vertx();
        BareVertxFanoutServer fanout = new BareVertxFanoutServer();
        vertx.createHttpServer(new HttpServerOptions()
                        .setHost(options.string("host", "127.0.0.1"))
                        .setPort(port)
                        .setTcpNoDelay(true)
                        .setMaxWebSocketFrameSize(65536)
                        .setMaxWebSocketMessageSize(65536))
                .webSocketHandler(ws -> {
                    if (ws.path().equals("/ws")) {
                        fanout.accept(ws); // a minimal pub/sub for the fan-out ceiling
                    } else if (ws.path().equals("/ws/echo-hop")) {
                        echoWithDispatchHop(ws);
                    } else {
                        echo(ws);
                    }
                })
                .listen()
                .onSuccess(s -> System.out.println("bare Vert.x echo listening on " + s.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
        Thread.currentThread().join();
    }

    /**
     * The same echo, but each message handled the way Quarkus WebSockets Next 3.33 dispatches it: on a new
     * duplicated context through runOnContext, i.e. as a separate event-loop task outside Netty's read. The reply
     * is then written and flushed on its own (no flush coalescing at the end of the read). Isolates the cost of
     * that dispatch from everything else Switchboard does.
     */
    private static void echoWithDispatchHop(ServerWebSocket ws) {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        ws.textMessageHandler(text -> context.duplicate().runOnContext(v -> ws.writeTextMessage(text)));
        ws.binaryMessageHandler(data -> context.duplicate().runOnContext(v -> ws.writeBinaryMessage(data)));
    }

    private static void echo(ServerWebSocket ws) {
        ws.textMessageHandler(ws::writeTextMessage);
        ws.binaryMessageHandler(ws::writeBinaryMessage);
    }
}
