package dev.switchboard.gateway;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.gateway.wire.WebSocketWire;
import dev.switchboard.metrics.ServerFaults;
import dev.switchboard.ops.ConnectionLog;
import dev.switchboard.ops.GatewayMetrics;
import dev.switchboard.protocol.CborCodec;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.security.ClientIdentity;
import dev.switchboard.security.SessionGuards;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.websockets.next.InboundProcessingMode;
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
// CONCURRENT: every callback is a non-blocking void on the connection's event loop, so callbacks already run one
// at a time in arrival order (and CommandQueue orders asynchronous commands); SERIAL would add a per-connection
// ordering queue whose initial array alone is ~1.2 KB of heap per idle connection (docs/benchmarks.md, idle).
@WebSocket(path = "/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class ProtocolEndpoint {

    private static final Logger LOG = Logger.getLogger(ProtocolEndpoint.class);

    private final SessionRegistry sessions;
    private final CommandHandler handler;
    private final NodeInfo node;
    private final SwitchboardConfig config;
    private final GatewayMetrics metrics;
    private final ConnectionLog connectionLog;
    private final JsonCodec codec = new JsonCodec();
    private final CborCodec cbor = new CborCodec(codec);
    @Inject
    ServerFaults faults;
    @Inject
    SessionGuards guards; // security: identity from the upgrade, command rate, token expiry, connection counts

    public ProtocolEndpoint(SessionRegistry sessions, CommandHandler handler, NodeInfo node,
            SwitchboardConfig config, GatewayMetrics metrics, ConnectionLog connectionLog) {
        this.metrics = metrics;
        this.connectionLog = connectionLog;
        this.sessions = sessions;
        this.handler = handler;
        this.node = node;
        this.config = config;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        ClientIdentity identity = guards.identityOf(connection);
        Channel channel = ChannelCapture.take(connection);
        WebSocketWire.install(connection, channel); // RFC 6455 strictness below WebSockets Next (1002, 1007)
        // The HTTP server's idle timeout is not needed on /ws: the heartbeat (HeartbeatMonitor, close 4009) finds
        // dead peers. Its handler would cost a timer per connection and a promise and listener per frame written.
        if (channel.pipeline().get(IdleStateHandler.class) != null) {
            channel.pipeline().remove(IdleStateHandler.class);
        }
        ClientSession session = new ClientSession(connection, new Outbound(channel),
                identity, codec, handler,
                config.limits().maxPendingCommands(), config.limits().maxOutboundBuffer(), metrics);
        session.guard(guards.open(identity,
                () -> session.disconnect(CloseCodes.UNAUTHORIZED, "connection token expired")));
        if (CborCodec.SUBPROTOCOL.equals(connection.subprotocol())) {
            session.useCbor(cbor);
        }
        long interval = config.heartbeat().interval().toNanos();
        session.scheduleNextPing(System.nanoTime() + interval);
        sessions.add(session);
        metrics.opened();
        connectionLog.opened(connection, session.identity().user());
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
        if (session.usesCbor()) {
            session.send(new ServerFrame.Error(null, ErrorCode.BAD_REQUEST,
                    "text frames are not part of the switchboard.v1.cbor subprotocol"));
            return;
        }
        if (!admit(session)) {
            return;
        }
        try {
            Command command = codec.decode(text);
            metrics.frameIn(command, text.length());
            if (!session.submit(command)) {
                session.send(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED,
                        "too many commands waiting for replies"));
            }
        } catch (ProtocolException e) {
            metrics.invalidFrameIn(text.length());
            session.send(e.toFrame());
        }
    }

    /** The command rate check: false when the frame is dropped (answered rate_limited, or closed 4029). */
    private static boolean admit(ClientSession session) {
        switch (session.guard().admitCommand()) {
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

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer data, WebSocketConnection connection) {
        ClientSession session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        session.markReceived();
        metrics.binaryFrameIn(data.length());
        if (!session.usesCbor()) {
            session.send(new ServerFrame.Error(null, ErrorCode.BAD_REQUEST,
                    "binary frames are not part of the switchboard.v1.json subprotocol"));
            return;
        }
        if (!admit(session)) {
            return;
        }
        try {
            if (!session.submit(cbor.decode(data.getBytes()))) {
                session.send(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED,
                        "too many commands waiting for replies"));
            }
        } catch (ProtocolException e) {
            session.send(e.toFrame());
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
        int code = session.disconnectCode() != 0 ? session.disconnectCode()
                : WebSocketWire.closeCode(connection); // 1005 close frame without code, 1006 no close frame
        metrics.closed(code);
        connectionLog.closed(connection, session.identity().user(), code);
        session.guard().release();
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
        if (TransportFailure.is(failure)) {
            // The peer went away while frames were on their way (broken pipe, reset); the close follows.
            LOG.debugf("transport error on connection %s: %s", connection.id(), failure.getMessage());
            return;
        }
        faults.record("protocol endpoint", failure); // counted, logged once a minute per cause
        session.send(new ServerFrame.Error(null, ErrorCode.INTERNAL, "internal error"));
    }
}
