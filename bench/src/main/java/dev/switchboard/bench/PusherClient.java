package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;

/**
 * The Pusher protocol 7 steps a pusher-js client takes, for the fan-out benchmark: connect to
 * {@code /app/<key>?protocol=7&client=js&version=8.6.0}, wait for {@code pusher:connection_established}, send
 * {@code pusher:subscribe} for a public channel, wait for {@code pusher_internal:subscription_succeeded}; every
 * later frame goes to the caller. Frames are recognised by substring, as {@link ProtocolClient} does. Heartbeats
 * are the server's WebSocket pings, which Vert.x answers by itself, as browsers do.
 */
final class PusherClient {
    private static final long SETUP_TIMEOUT_MS = 60_000;

    private PusherClient() {
    }

    /** The Pusher endpoint beside {@code endpoint} (any path) for app key {@code key}. */
    static Endpoint endpoint(Endpoint endpoint, String key) {
        return endpoint.withPath("/app/" + key + "?protocol=7&client=js&version=8.6.0&flash=false");
    }

    static Future<WebSocket> subscribed(Generator gen, Endpoint endpoint, int index, String channel,
                                        Handler<Buffer> frames) {
        Promise<WebSocket> ready = Promise.promise();
        gen.on(index, () -> {
            ClientWebSocket ws = gen.webSockets.webSocket();
            // One handler from before the connect (the established frame may share a segment with the 101).
            Handler<Buffer> stages = new Handler<>() {
                int stage; // 0 before established, 1 subscribing, 2 live

                @Override
                public void handle(Buffer frame) {
                    if (stage == 2) {
                        frames.handle(frame);
                    } else if (stage == 0 && ProtocolClient.contains(frame, "pusher:connection_established")) {
                        stage = 1;
                        ws.writeTextMessage("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel
                                + "\"}}");
                    } else if (stage == 1 && ProtocolClient.contains(frame, "pusher_internal:subscription_succeeded")) {
                        stage = 2;
                        ready.tryComplete(ws);
                    } else if (ProtocolClient.contains(frame, "pusher:error")) {
                        ready.tryFail("pusher error: " + frame);
                    }
                }
            };
            ws.handler(stages);
            ws.closeHandler(v -> ready.tryFail("closed during setup: " + ws.closeStatusCode()));
            ws.exceptionHandler(e -> { });
            ws.connect(endpoint.webSocket()).onFailure(ready::tryFail);
            long timer = gen.vertx.setTimer(SETUP_TIMEOUT_MS, id -> {
                if (ready.tryFail("no subscription within " + SETUP_TIMEOUT_MS + " ms")) {
                    ws.close();
                }
            });
            ready.future().onComplete(ar -> gen.vertx.cancelTimer(timer));
        });
        return ready.future();
    }
}
