package dev.switchboard.gateway;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.security.ClientIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /ws}: the protocol endpoint. Decodes frames, hands commands to the session's queue, and keeps the
 * session table. Every method runs on the connection's event loop and never blocks.
 */
@WebSocket(path = "/ws")
public class ProtocolEndpoint {

    private static final Logger LOG = Logger.getLogger(ProtocolEndpoint.class);

    private final SessionRegistry sessions;
    private final CommandHandler handler;
    private final NodeInfo node;
    private final SwitchboardConfig config;
    private final JsonCodec codec = new JsonCodec();

    public ProtocolEndpoint(SessionRegistry sessions, CommandHandler handler, NodeInfo node,
            SwitchboardConfig config) {
        this.sessions = sessions;
        this.handler = handler;
        this.node = node;
        this.config = config;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        ClientSession session = new ClientSession(connection, ClientIdentity.ANONYMOUS, codec, handler,
                config.limits().maxPendingCommands(), config.limits().maxOutboundBuffer());
        long interval = config.heartbeat().interval().toNanos();
        session.scheduleNextPing(System.nanoTime() + interval);
        sessions.add(session);
        session.send(new ServerFrame.Welcome(session.id(), session.identity().user(), node.name(), node.version(),
                config.heartbeat().interval().toSeconds()));
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String text, WebSocketConnection connection) {
        ClientSession session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        session.markReceived();
        try {
            if (!session.submit(codec.decode(text))) {
                session.send(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED,
                        "too many commands waiting for replies"));
            }
        } catch (ProtocolException e) {
            session.send(e.toFrame());
        }
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer data, WebSocketConnection connection) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            session.markReceived();
            session.send(new ServerFrame.Error(null, ErrorCode.BAD_REQUEST,
                    "binary frames are not part of the switchboard.v1.json subprotocol"));
        }
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(Buffer data, WebSocketConnection connection) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            session.markReceived();
        }
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        ClientSession session = sessions.remove(connection.id());
        if (session == null) {
            return;
        }
        for (Subscription subscription : session.drainSubscriptions()) {
            handler.leave(session, subscription).subscribe().with(ignored -> {
            }, failure -> LOG.warnf("cleanup of %s on %s failed: %s", session.id(), subscription.channel(),
                    failure.getMessage()));
        }
    }

    @OnError
    @NonBlocking
    public void onError(Throwable failure, WebSocketConnection connection) {
        // Decoding errors never get here (the codec answers them); this is the transport or a fault of ours.
        ClientSession session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        if (MessageTooBig.is(failure)) {
            session.disconnect(CloseCodes.MESSAGE_TOO_BIG, "message larger than the server's limit");
            return;
        }
        LOG.warnf(failure, "unexpected error on connection %s", connection.id());
        session.send(new ServerFrame.Error(null, ErrorCode.INTERNAL, "internal error"));
    }
}
