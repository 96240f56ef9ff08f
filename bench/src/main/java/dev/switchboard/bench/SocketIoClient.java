package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;

/**
 * The few Socket.IO 4 steps the fan-out needs, over Engine.IO 4's WebSocket transport (no long-polling first, as
 * a client with {@code transports: ["websocket"]}): the server's open packet {@code 0{"sid":...}}, our namespace
 * connect {@code 40} answered with {@code 40{"sid":...}}, then {@code 42["subscribe","room"]} answered with
 * {@code 42["subscribed"]} (bench/peers/node/socketio_broadcast.js). The server pings ({@code 2}) every
 * pingInterval and closes a client that does not pong ({@code 3}) in time: every connection answers its pings for
 * as long as it lives, whatever stage it is in. Like {@link ProtocolClient}, one frame handler installed before
 * the connect, forwarding to the current stage.
 */
final class SocketIoClient {
    private static final long SETUP_TIMEOUT_MS = 60_000;
    private static final String PING = "2";
    private static final String PONG = "3";

    private SocketIoClient() {
    }

    /** The WebSocket transport's path under a server's URL: ws://host:port becomes ws://host:port/socket.io/... */
    static Endpoint transport(Endpoint server) {
        return server.withPath("/socket.io/?EIO=4&transport=websocket");
    }

    private static final class Stages {
        volatile Handler<Buffer> current;
    }

    /** Connects and completes once the namespace connect is confirmed; later frames (pings answered) go to after. */
    static Future<WebSocket> connected(Generator gen, Endpoint server, int index, Handler<Buffer> after) {
        Promise<WebSocket> ready = Promise.promise();
        Stages stages = new Stages();
        gen.on(index, () -> {
            ClientWebSocket ws = gen.webSockets.webSocket();
            stages.current = open -> {
                if (!open.toString().startsWith("0{")) {
                    ready.tryFail("expected the Engine.IO open packet, got " + open);
                    return;
                }
                stages.current = connect -> {
                    if (connect.toString().startsWith("40")) {
                        stages.current = after;
                        ready.tryComplete(ws);
                    } else {
                        ready.tryFail("expected the namespace connect, got " + connect);
                    }
                };
                ws.writeTextMessage("40");
            };
            ws.handler(frame -> {
                if (frame.length() == 1 && frame.toString().equals(PING)) {
                    ws.writeTextMessage(PONG);
                    return;
                }
                Handler<Buffer> h = stages.current;
                if (h != null) {
                    h.handle(frame);
                }
            });
            ws.closeHandler(v -> ready.tryFail("closed before connect: " + ws.closeStatusCode()));
            ws.exceptionHandler(e -> { });
            ws.connect(transport(server).webSocket()).onFailure(ready::tryFail);
            long timer = gen.vertx.setTimer(SETUP_TIMEOUT_MS, id -> {
                if (ready.tryFail("no namespace connect within " + SETUP_TIMEOUT_MS + " ms")) {
                    ws.close();
                }
            });
            ready.future().onComplete(ar -> gen.vertx.cancelTimer(timer));
        });
        return ready.future();
    }

    /** Connects, joins {@code room} and hands every later event frame ({@code 42[...]}) to {@code frames}. */
    static Future<WebSocket> subscribed(Generator gen, Endpoint server, int index, String room,
                                        Handler<Buffer> frames) {
        Promise<WebSocket> ready = Promise.promise();
        WebSocket[] socket = new WebSocket[1];
        Handler<Buffer> afterConnect = new Handler<>() {
            boolean subscribed;

            @Override
            public void handle(Buffer frame) {
                if (subscribed) {
                    frames.handle(frame);
                } else if (frame.toString().startsWith("42[\"subscribed\"")) {
                    subscribed = true;
                    ready.tryComplete(socket[0]);
                }
            }
        };
        connected(gen, server, index, afterConnect).onComplete(ar -> {
            if (ar.failed()) {
                ready.tryFail(ar.cause());
                return;
            }
            socket[0] = ar.result();
            socket[0].writeTextMessage("42[\"subscribe\",\"" + room + "\"]");
            long timer = gen.vertx.setTimer(SETUP_TIMEOUT_MS, id -> ready.tryFail("no subscribed event"));
            ready.future().onComplete(x -> gen.vertx.cancelTimer(timer));
        });
        return ready.future();
    }

    /** The publish event the peer turns into {@code io.to(room).emit("publication", data)}. */
    static String publish(String room, String data) {
        return "42[\"publish\",{\"channel\":\"" + room + "\",\"data\":" + data + "}]";
    }
}
