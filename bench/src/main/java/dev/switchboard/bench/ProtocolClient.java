package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;

/**
 * The few Switchboard /ws protocol steps the benchmarks need: wait for {@code welcome}, then optionally
 * {@code subscribe} and wait for {@code subscribed}; after that every frame goes to the caller's handler.
 * Frames are recognised by substring, which is enough for a client that only ever sends these commands.
 *
 * <p>The frame handler is installed before the connect starts and never replaced (it forwards to the current
 * stage): a server that writes {@code welcome} right after the upgrade can put it in the same TCP segment as the
 * 101 response, and a handler set only once the connect completes would miss it now and then.
 */
final class ProtocolClient {
    private static final long SETUP_TIMEOUT_MS = 60_000;

    private ProtocolClient() {
    }

    /** Where the frames of one connection go right now. */
    private static final class Stages {
        volatile Handler<Buffer> current;
    }

    /** Connects and completes once the welcome frame has arrived; later frames go to {@code after}. */
    static Future<WebSocket> welcomed(Generator gen, Endpoint endpoint, int index, Handler<Buffer> after) {
        Promise<WebSocket> ready = Promise.promise();
        Stages stages = new Stages();
        gen.on(index, () -> {
            ClientWebSocket ws = gen.webSockets.webSocket();
            stages.current = frame -> {
                if (contains(frame, "\"welcome\"")) {
                    stages.current = after;
                    ready.tryComplete(ws);
                } else {
                    ready.tryFail("expected welcome, got " + frame);
                }
            };
            ws.handler(frame -> {
                Handler<Buffer> h = stages.current;
                if (h != null) {
                    h.handle(frame);
                }
            });
            ws.closeHandler(v -> ready.tryFail("closed before welcome: " + ws.closeStatusCode()));
            ws.exceptionHandler(e -> { });
            ws.connect(endpoint.webSocket()).onSuccess(ProtocolClient::countDeflate).onFailure(ready::tryFail);
            long timer = gen.vertx.setTimer(SETUP_TIMEOUT_MS, id -> {
                if (ready.tryFail("no welcome within " + SETUP_TIMEOUT_MS + " ms")) {
                    ws.close();
                }
            });
            ready.future().onComplete(ar -> gen.vertx.cancelTimer(timer));
        });
        return ready.future();
    }

    /** Connections of this process whose upgrade answer accepted permessage-deflate. */
    static final java.util.concurrent.atomic.LongAdder DEFLATE_NEGOTIATED = new java.util.concurrent.atomic.LongAdder();

    private static void countDeflate(WebSocket ws) {
        // the upgrade response's headers are only kept until the connect completes
        if (ws.headers() != null && String.valueOf(ws.headers().get("sec-websocket-extensions")).startsWith("permessage-deflate")) {
            DEFLATE_NEGOTIATED.increment();
            BrowserLikeDeflate.install(ws);
        }
    }

    static Future<WebSocket> welcomed(Generator gen, Endpoint endpoint, int index) {
        return welcomed(gen, endpoint, index, null);
    }

    /** Connects, subscribes to {@code channel}, and hands every later frame to {@code frames}. */
    static Future<WebSocket> subscribed(Generator gen, Endpoint endpoint, int index, String channel,
                                        Handler<Buffer> frames) {
        return subscribed(gen, endpoint, index, channel, "", frames);
    }

    /** {@code subscribeFields}: more fields of the subscribe command, e.g. {@code ,"delta":"fossil"}. */
    static Future<WebSocket> subscribed(Generator gen, Endpoint endpoint, int index, String channel,
                                        String subscribeFields, Handler<Buffer> frames) {
        Promise<WebSocket> ready = Promise.promise();
        WebSocket[] socket = new WebSocket[1];
        Handler<Buffer> afterWelcome = new Handler<>() {
            boolean subscribed;

            @Override
            public void handle(Buffer frame) {
                if (subscribed) {
                    frames.handle(frame);
                } else if (contains(frame, "\"subscribed\"")) {
                    subscribed = true;
                    ready.tryComplete(socket[0]);
                } else if (contains(frame, "\"error\"")) {
                    ready.tryFail("subscribe failed: " + frame);
                }
            }
        };
        welcomed(gen, endpoint, index, afterWelcome).onComplete(ar -> {
            if (ar.failed()) {
                ready.tryFail(ar.cause());
                return;
            }
            socket[0] = ar.result();
            socket[0].writeTextMessage("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + channel + "\""
                    + subscribeFields + "}");
            long timer = gen.vertx.setTimer(SETUP_TIMEOUT_MS, id -> ready.tryFail("no subscribed reply"));
            ready.future().onComplete(x -> gen.vertx.cancelTimer(timer));
        });
        return ready.future();
    }

    static boolean contains(Buffer frame, String text) {
        return frame.toString().contains(text);
    }
}
