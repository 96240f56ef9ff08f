package dev.switchboard.pusher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.switchboard.model.InputExcerpt;
import dev.switchboard.SwitchboardConfig;
import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionLog;
import dev.switchboard.connection.ConnectionRegistry;
import dev.switchboard.connection.MessageTooBig;
import dev.switchboard.connection.Outbound;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.CloseCodes;
import dev.switchboard.security.ClientIdentity;
import dev.switchboard.security.CommandRateLimiter;
import dev.switchboard.security.ConnectionAdmission;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
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
 * {@code /app/{key}}: the Pusher protocol (version 7) endpoint that pusher-js and Laravel Echo connect to. Opens a
 * neutral {@link Connection} per client (so heartbeat, outbound bounds, drain and metrics apply unchanged), with a
 * Pusher socket id, and hands messages to {@link PusherCommands}. An unknown key or an unsupported protocol
 * version is answered in-band, as Pusher does: {@code pusher:error} and a close with the same code.
 */
// CONCURRENT, as /ws: every callback is a non-blocking void on the connection's event loop.
@WebSocket(path = "/app/{key}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class PusherEndpoint {

    private static final Logger LOG = Logger.getLogger(PusherEndpoint.class);
    private static final UserData.TypedKey<PusherSession> SESSION = new UserData.TypedKey<>("switchboard.pusher");
    /** The protocol versions this adapter speaks (pusher-js 8 sends 7). */
    /** The protocol name of Pusher connections (metrics, events, the connect hook's {@code protocol}). */
    static final String PROTOCOL = "pusher";
    static final int MIN_PROTOCOL = 5;
    static final int MAX_PROTOCOL = 7;

    private final PusherApps apps;
    private final AppConnections appConnections;
    private final PusherCommands commands;
    private final PusherFrameMetrics metrics;
    private final ConnectionRegistry connections;
    private final ConnectionLog connectionLog;
    private final SwitchboardConfig config;
    private final long activityTimeoutSeconds;

    public PusherEndpoint(PusherApps apps, AppConnections appConnections, PusherCommands commands, PusherFrameMetrics metrics,
            ConnectionRegistry connections, ConnectionLog connectionLog, SwitchboardConfig config,
            PusherConfig pusher) {
        this.apps = apps;
        this.appConnections = appConnections;
        this.commands = commands;
        this.metrics = metrics;
        this.connections = connections;
        this.connectionLog = connectionLog;
        this.config = config;
        this.activityTimeoutSeconds = pusher.activityTimeout().toSeconds();
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection socket) {
        String key = socket.pathParam("key");
        Optional<PusherApp> app = apps.byKey(key);
        if (app.isEmpty()) {
            refuse(socket, PusherCodes.APP_NOT_FOUND, "App key " + InputExcerpt.of(key) + " does not exist");
            return;
        }
        Integer protocolError = protocolError(QueryParams.of(socket.handshakeRequest().query()).get("protocol"));
        if (protocolError != null) {
            refuse(socket, protocolError, protocolError == PusherCodes.NO_PROTOCOL_VERSION
                    ? "No protocol version supplied"
                    : "Unsupported protocol version (this server speaks " + MIN_PROTOCOL + " to " + MAX_PROTOCOL + ")");
            return;
        }
        if (!appConnections.tryOpen(app.get())) {
            refuse(socket, PusherCodes.OVER_CONNECTION_QUOTA, "Over connection quota: the app has "
                    + app.get().maxConnections() + " connections on this node");
            return;
        }
        // The connect hook's identity, when it was asked at the upgrade (PusherUpgradeCheck); else anonymous.
        ClientIdentity identity = socket.userData().get(ConnectionAdmission.IDENTITY);
        Connection connection = new Connection(socket, Outbound.open(socket),
                new ClientInfo(SocketIds.next(), identity == null ? null : identity.user(),
                        identity == null ? null : identity.info()), metrics.connections(),
                config.limits().maxOutboundBuffer(), new PusherDisconnectNotice(metrics));
        SwitchboardConfig.Limits limits = config.limits();
        CommandRateLimiter rate = limits.commandsPerSecond() <= 0 ? null
                : new CommandRateLimiter(limits.commandsPerSecond(), limits.commandBurst(), limits.maxRateLimited(),
                        limits.rateLimitWindow().toNanos(), System.nanoTime());
        PusherSession session = new PusherSession(connection, app.get(), rate);
        connection.scheduleNextPing(System.nanoTime() + config.heartbeat().interval().toNanos());
        socket.userData().put(SESSION, session);
        connections.add(connection);
        metrics.connections().opened();
        connectionLog.opened(socket, connection.user());
        session.send(PusherFrames.connectionEstablished(session.socketId(), activityTimeoutSeconds),
                metrics.control());
    }

    /** The protocol version's error code, null when it is one this adapter speaks. */
    static Integer protocolError(String version) {
        if (version == null || version.isEmpty()) {
            return PusherCodes.NO_PROTOCOL_VERSION;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return PusherCodes.INVALID_VERSION;
        }
        return parsed < MIN_PROTOCOL || parsed > MAX_PROTOCOL ? PusherCodes.UNSUPPORTED_PROTOCOL : null;
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String text, WebSocketConnection socket) {
        PusherSession session = socket.userData().get(SESSION);
        if (session == null) {
            return;
        }
        session.connection().markReceived();
        switch (session.admit(System.nanoTime())) {
            case ALLOW -> commands.receive(session, text);
            case LIMITED -> session.send(PusherFrames.error(PusherCodes.CLIENT_EVENT_RATE_LIMIT,
                    "too many messages per second"), metrics.error());
            case ABUSE -> session.connection().disconnect(CloseCodes.RATE_LIMIT_ABUSE, "rate limit abuse");
        }
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(Buffer data, WebSocketConnection socket) {
        PusherSession session = socket.userData().get(SESSION);
        if (session != null) {
            session.connection().markReceived();
        }
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection socket) {
        PusherSession session = socket.userData().remove(SESSION);
        if (session == null) {
            return;
        }
        Connection connection = session.connection();
        connections.remove(connection);
        appConnections.closed(session.app());
        int code = connection.closeCode();
        metrics.connections().closed(code);
        connectionLog.closed(socket, null, code);
        commands.closed(session);
    }

    @OnError
    @NonBlocking
    public void onError(Throwable failure, WebSocketConnection socket) {
        PusherSession session = socket.userData().get(SESSION);
        if (session == null) {
            return;
        }
        if (MessageTooBig.is(failure)) {
            session.connection().disconnect(CloseCodes.MESSAGE_TOO_BIG, "message larger than the server's limit");
            return;
        }
        if (failure instanceof IOException) {
            LOG.debugf("transport error on pusher connection %s: %s", session.socketId(), failure.getMessage());
            return;
        }
        LOG.warnf(failure, "unexpected error on pusher connection %s", session.socketId());
        session.send(PusherFrames.error(null, "internal error"), metrics.error());
    }

    /** Pusher's in-band refusal: the error, then the close with its code; no connection is opened. */
    private void refuse(WebSocketConnection socket, int code, String message) {
        socket.sendText(new String(PusherFrames.error(code, message), StandardCharsets.UTF_8))
                .chain(() -> socket.close(new CloseReason(code, message)))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("refusing a pusher connection failed: %s", failure.getMessage()));
    }

}
