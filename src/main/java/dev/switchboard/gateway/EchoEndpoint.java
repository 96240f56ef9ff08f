package dev.switchboard.gateway;

import java.nio.charset.StandardCharsets;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.connection.MessageTooBig;
import dev.switchboard.connection.Outbound;
import dev.switchboard.model.CloseCodes;
import dev.switchboard.metrics.ServerFaults;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /ws/echo}: returns every text or binary frame unchanged, for connectivity checks and benchmarks. It
 * writes through the same {@link Outbound} path as {@code /ws}, with the same outbound bound: a client that
 * sends without reading is cut with 4008 instead of filling the server's memory.
 */
// CONCURRENT: every callback is a non-blocking void on the connection's event loop, so callbacks already run one
// at a time in arrival order; SERIAL would add a per-connection
// ordering queue whose initial array alone is ~1.2 KB of heap per idle connection (docs/benchmarks.md, idle).
@WebSocket(path = "/ws/echo", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class EchoEndpoint {

    private static final UserData.TypedKey<Outbound> OUTBOUND = new UserData.TypedKey<>("switchboard.outbound");

    private final long maxOutboundBytes;
    private final ServerFaults faults;

    public EchoEndpoint(SwitchboardConfig config, ServerFaults faults) {
        this.maxOutboundBytes = config.limits().maxOutboundBuffer();
        this.faults = faults;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        connection.userData().put(OUTBOUND, Outbound.open(connection));
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String message, WebSocketConnection connection) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        Outbound outbound = outbound(connection, utf8.length);
        if (outbound != null) {
            outbound.execute(() -> outbound.writeText(utf8));
        }
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer message, WebSocketConnection connection) {
        byte[] bytes = message.getBytes();
        Outbound outbound = outbound(connection, bytes.length);
        if (outbound != null) {
            outbound.execute(() -> outbound.writeBinary(bytes));
        }
    }

    /**
     * A peer that goes away while its echoes are being written (broken pipe, reset) is not an error here; a
     * message fragmented past max-message-size is the client's fault and closes with 1009, as on /ws (without
     * this, WebSockets Next logs it at ERROR with a stack trace).
     */
    @OnError
    @NonBlocking
    public void onError(Throwable failure, WebSocketConnection connection) {
        if (MessageTooBig.is(failure)) {
            connection.close(new CloseReason(CloseCodes.MESSAGE_TOO_BIG, "message larger than the server's limit"))
                    .subscribe().with(ignored -> {
                    }, ignored -> {
                    });
            return;
        }
        if (!TransportFailure.is(failure)) {
            faults.record("echo endpoint", failure);
        }
        if (!connection.isClosed()) {
            connection.close().subscribe().with(ignored -> {
            }, ignored -> {
            });
        }
    }

    /** The connection's outbound side, or null when the echo would pass the bound (the client is then cut). */
    private Outbound outbound(WebSocketConnection connection, int size) {
        Outbound outbound = connection.userData().get(OUTBOUND);
        if (outbound.pendingBytes() + size > maxOutboundBytes) {
            connection.close(new CloseReason(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full"))
                    .subscribe().with(ignored -> {
                    }, failure -> {
                    });
            return null;
        }
        return outbound;
    }
}
