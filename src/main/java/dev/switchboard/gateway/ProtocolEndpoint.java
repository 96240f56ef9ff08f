package dev.switchboard.gateway;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionRegistry;
import dev.switchboard.connection.MessageTooBig;
import dev.switchboard.connection.Outbound;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.node.NodeInfo;
import dev.switchboard.connection.ConnectionLog;
import dev.switchboard.metrics.ServerFaults;
import dev.switchboard.protocol.CborCodec;
import dev.switchboard.model.CloseCodes;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.security.ClientIdentity;
import dev.switchboard.security.ConnectionSecurityFactory;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /ws}: the native protocol's endpoint. Opens a {@link Connection} with a native {@link ClientSession} on
 * it, decodes frames, and hands commands to the session's queue. Every method runs on the connection's event
 * loop and never blocks.
 */
// CONCURRENT: every callback is a non-blocking void on the connection's event loop, so callbacks already run one
// at a time in arrival order (and CommandQueue orders asynchronous commands); SERIAL would add a per-connection
// ordering queue whose initial array alone is ~1.2 KB of heap per idle connection (docs/benchmarks.md, idle).
@WebSocket(path = "/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class ProtocolEndpoint {

    private static final Logger LOG = Logger.getLogger(ProtocolEndpoint.class);

    /** Each connection's native session, kept in the connection's own user data (no second table). */
    private static final UserData.TypedKey<ClientSession> SESSION = new UserData.TypedKey<>("switchboard.session");

    private final ConnectionRegistry connections;
    private final CommandHandler handler;
    private final NodeInfo node;
    private final SwitchboardConfig config;
    private final NativeFrameMetrics metrics;
    private final ConnectionLog connectionLog;
    private final JsonCodec codec = new JsonCodec();
    private final CborCodec cbor = new CborCodec(codec);
    @Inject
    ConnectionSecurityFactory security; // security: identity from the upgrade, command rate, token expiry, connection counts
    @Inject
    ServerFaults faults;

    public ProtocolEndpoint(ConnectionRegistry connections, CommandHandler handler, NodeInfo node,
            SwitchboardConfig config, NativeFrameMetrics metrics, ConnectionLog connectionLog) {
        this.metrics = metrics;
        this.connectionLog = connectionLog;
        this.connections = connections;
        this.handler = handler;
        this.node = node;
        this.config = config;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection socket) {
        ClientIdentity identity = security.identityOf(socket);
        CborCodec binary = CborCodec.SUBPROTOCOL.equals(socket.subprotocol()) ? cbor : null;
        Connection connection = new Connection(socket, Outbound.open(socket),
                new ClientInfo(socket.id(), identity.user(), identity.info()), metrics.connections(),
                config.limits().maxOutboundBuffer(),
                (code, reason) -> ClientSession.disconnectNotice(binary, metrics, code, reason));
        ClientSession session = new ClientSession(connection, identity, binary, handler,
                config.limits().maxPendingCommands(), metrics);
        session.security(security.open(identity,
                () -> connection.disconnect(CloseCodes.UNAUTHORIZED, "connection token expired")));
        connection.scheduleNextPing(System.nanoTime() + config.heartbeat().interval().toNanos());
        socket.userData().put(SESSION, session);
        connections.add(connection);
        metrics.connections().opened();
        connectionLog.opened(socket, identity.user());
        session.send(new ServerFrame.Welcome(session.id(), identity.user(), node.name(), node.version(),
                config.heartbeat().interval().toSeconds(), config.limits().maxMessageSize()));
        // Server-side subscriptions (the connect hook's channels): the client's own subscribe, queued behind the
        // welcome, without an id, so their `subscribed` replies (or errors) carry none and the client can tell
        // them from the replies to its own commands.
        for (String channel : identity.serverSubscriptions()) {
            session.submit(new Command.Subscribe(null, channel, null, null));
        }
    }

    @OnTextMessage
    @NonBlocking
    public void onText(Buffer data, WebSocketConnection socket) {
        ClientSession session = socket.userData().get(SESSION);
        if (session == null) {
            return;
        }
        session.connection().markReceived();
        if (session.usesCbor()) {
            metrics.invalidFrameIn(data.length());
            session.send(new ServerFrame.Error(null, ErrorCode.BAD_REQUEST,
                    "text frames are not part of the switchboard.v1.cbor subprotocol"));
            return;
        }
        receive(session, data, false);
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer data, WebSocketConnection socket) {
        ClientSession session = socket.userData().get(SESSION);
        if (session == null) {
            return;
        }
        session.connection().markReceived();
        if (!session.usesCbor()) {
            metrics.invalidFrameIn(data.length());
            session.send(new ServerFrame.Error(null, ErrorCode.BAD_REQUEST,
                    "binary frames are not part of the switchboard.v1.json subprotocol"));
            return;
        }
        receive(session, data, true);
    }

    /** One path for both encodings: rate check, decode, count by command type, queue. */
    private void receive(ClientSession session, Buffer data, boolean binary) {
        if (!admit(session)) {
            return;
        }
        try {
            Command command = binary ? cbor.decode(data.getBytes()) : codec.decode(data.toString(StandardCharsets.UTF_8));
            metrics.frameIn(command, data.length());
            if (!session.submit(command)) {
                session.send(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED,
                        "too many commands waiting for replies"));
            }
        } catch (ProtocolException e) {
            metrics.invalidFrameIn(data.length());
            session.send(e.toFrame());
        }
    }

    /** The command rate check: false when the frame is dropped (answered rate_limited, or closed 4029). */
    private static boolean admit(ClientSession session) {
        switch (session.security().admitCommand()) {
            case ALLOW:
                return true;
            case LIMITED:
                session.send(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED, "too many commands per second"));
                return false;
            default:
                session.disconnect(CloseCodes.RATE_LIMIT_ABUSE, "rate limit abuse");
                return false;
        }
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(Buffer data, WebSocketConnection socket) {
        ClientSession session = socket.userData().get(SESSION);
        if (session != null) {
            session.connection().markReceived();
        }
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection socket) {
        ClientSession session = socket.userData().remove(SESSION);
        if (session == null) {
            return;
        }
        Connection connection = session.connection();
        int code = connection.closeCode();
        metrics.connections().closed(code);
        connectionLog.closed(socket, session.identity().user(), code);
        session.security().release();
        for (Subscription subscription : session.drainSubscriptions()) {
            handler.leave(session, subscription).subscribe().with(ignored -> {
            }, failure -> LOG.warnf("cleanup of %s on %s failed: %s", session.id(), subscription.channel(),
                    failure.getMessage()));
        }
        // Last: the registry's listeners (the back end's events) hear of the close after the subscriptions ended.
        connections.remove(connection);
    }

    @OnError
    @NonBlocking
    public void onError(Throwable failure, WebSocketConnection socket) {
        // Decoding errors never get here (the codec answers them); this is the transport or a fault of ours.
        ClientSession session = socket.userData().get(SESSION);
        if (session == null) {
            return;
        }
        if (MessageTooBig.is(failure)) {
            session.disconnect(CloseCodes.MESSAGE_TOO_BIG, "message larger than the server's limit");
            return;
        }
        if (TransportFailure.is(failure)) {
            // The peer went away while frames were on their way (broken pipe, reset); the close follows.
            LOG.debugf("transport error on connection %s: %s", socket.id(), failure.getMessage());
            return;
        }
        faults.record("protocol endpoint", failure); // counted, logged once a minute per cause
        session.send(new ServerFrame.Error(null, ErrorCode.INTERNAL, "internal error"));
    }
}
