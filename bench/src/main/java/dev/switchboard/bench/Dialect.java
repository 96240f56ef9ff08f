package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * What the fan-out's subscribers and WebSocket publisher speak: Switchboard's protocol (also what the C floor, the
 * Node ws peer and the Vert.x pub/sub answer), or Socket.IO 4 over Engine.IO's WebSocket transport.
 * {@code --dialect switchboard|socketio}.
 */
enum Dialect {
    SWITCHBOARD {
        @Override
        Future<WebSocket> connected(Generator gen, Endpoint endpoint, int index, Handler<Buffer> after) {
            return ProtocolClient.welcomed(gen, endpoint, index, after);
        }

        @Override
        Future<WebSocket> subscribed(Generator gen, Endpoint endpoint, int index, String channel,
                                     Handler<Buffer> frames) {
            return ProtocolClient.subscribed(gen, endpoint, index, channel, frames);
        }

        @Override
        String publish(String channel, String data) {
            return "{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":" + data + "}";
        }
    },
    SOCKETIO {
        @Override
        Future<WebSocket> connected(Generator gen, Endpoint endpoint, int index, Handler<Buffer> after) {
            return SocketIoClient.connected(gen, endpoint, index, after);
        }

        @Override
        Future<WebSocket> subscribed(Generator gen, Endpoint endpoint, int index, String channel,
                                     Handler<Buffer> frames) {
            return SocketIoClient.subscribed(gen, endpoint, index, channel, frames);
        }

        @Override
        String publish(String channel, String data) {
            return SocketIoClient.publish(channel, data);
        }
    };

    /** A connection ready to send commands; frames after the handshake go to {@code after} (may be null). */
    abstract Future<WebSocket> connected(Generator gen, Endpoint endpoint, int index, Handler<Buffer> after);

    /** A connection subscribed to {@code channel}; every later frame goes to {@code frames}. */
    abstract Future<WebSocket> subscribed(Generator gen, Endpoint endpoint, int index, String channel,
                                          Handler<Buffer> frames);

    /** The text frame that publishes {@code data} (JSON) to {@code channel}. */
    abstract String publish(String channel, String data);

    static Dialect of(Options options) {
        return valueOf(options.string("dialect", "switchboard").toUpperCase());
    }
}
