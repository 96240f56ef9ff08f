package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * The few Switchboard /ws protocol steps the benchmarks need: wait for {@code welcome}, then optionally
 * {@code subscribe} and wait for {@code subscribed}; after that every frame goes to the caller's handler.
 * Frames are recognised by substring, which is enough for a client that only ever sends these commands.
 */
final class ProtocolClient {
    private ProtocolClient() {
    }

    /** Connects and completes once the welcome frame has arrived. */
    static Future<WebSocket> welcomed(Generator gen, Endpoint endpoint, int index) {
        return gen.connect(endpoint, index).compose(ws -> {
            Promise<WebSocket> ready = Promise.promise();
            ws.handler(frame -> {
                if (contains(frame, "\"welcome\"")) {
                    ws.handler(null);
                    ready.tryComplete(ws);
                } else {
                    ready.tryFail("expected welcome, got " + frame);
                }
            });
            ws.closeHandler(v -> ready.tryFail("closed before welcome: " + ws.closeStatusCode()));
            return ready.future();
        });
    }

    /** Connects, subscribes to {@code channel}, and hands every later frame to {@code frames}. */
    static Future<WebSocket> subscribed(Generator gen, Endpoint endpoint, int index, String channel,
                                        Handler<Buffer> frames) {
        return welcomed(gen, endpoint, index).compose(ws -> {
            Promise<WebSocket> ready = Promise.promise();
            ws.handler(frame -> {
                if (contains(frame, "\"subscribed\"")) {
                    ws.handler(frames);
                    ready.tryComplete(ws);
                } else if (contains(frame, "\"error\"")) {
                    ready.tryFail("subscribe failed: " + frame);
                }
            });
            ws.writeTextMessage("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + channel + "\"}");
            return ready.future();
        });
    }

    static boolean contains(Buffer frame, String text) {
        return frame.toString().contains(text);
    }
}
