package dev.switchboard.gateway;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/** {@code /ws/echo}: returns every text or binary frame unchanged, for connectivity checks and benchmarks. */
@WebSocket(path = "/ws/echo")
public class EchoEndpoint {

    @OnTextMessage
    @NonBlocking
    public String onText(String message) {
        return message;
    }

    @OnBinaryMessage
    @NonBlocking
    public Buffer onBinary(Buffer message) {
        return message;
    }
}
