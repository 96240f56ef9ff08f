package dev.switchboard.gateway;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.switchboard.protocol.CborCodec;
import dev.switchboard.protocol.ClientInfo;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.SharedFrame;
import dev.switchboard.ops.GatewayMetrics;
import dev.switchboard.security.ClientIdentity;
import dev.switchboard.security.SessionGuard;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * The server side of one /ws connection: who it is, what it is subscribed to, its command queue, its heartbeat
 * clock and its outbound byte count. Frames to it may be sent from any thread.
 */
public final class ClientSession {

    private static final Logger LOG = Logger.getLogger(ClientSession.class);

    private final WebSocketConnection connection;
    private final ClientIdentity identity;
    private final ClientInfo info;
    private final JsonCodec codec;
    private final GatewayMetrics metrics;
    private final long maxOutboundBytes;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final CommandQueue commands;
    private final AtomicLong outboundBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile int disconnectCode;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long nextPingNanos;
    private volatile SessionGuard guard;
    private volatile CborCodec cbor; // null: the JSON subprotocol

    ClientSession(WebSocketConnection connection, ClientIdentity identity, JsonCodec codec,
            CommandHandler handler, int maxPendingCommands, long maxOutboundBytes, GatewayMetrics metrics) {
        this.connection = connection;
        this.identity = identity;
        this.info = new ClientInfo(connection.id(), identity.user(), identity.info());
        this.codec = codec;
        this.metrics = metrics;
        this.maxOutboundBytes = maxOutboundBytes;
        this.commands = new CommandQueue(command -> handler.handle(this, command), maxPendingCommands);
    }

    public String id() {
        return connection.id();
    }

    public ClientIdentity identity() {
        return identity;
    }

    public ClientInfo info() {
        return info;
    }

    /** The security state (rate limiter, token expiry timer), set once at open. */
    SessionGuard guard() {
        return guard;
    }

    void guard(SessionGuard guard) {
        this.guard = guard;
    }

    /** Switches this session to the CBOR subprotocol (binary frames); called at open, before any frame. */
    void useCbor(CborCodec codec) {
        this.cbor = codec;
    }

    boolean usesCbor() {
        return cbor != null;
    }

    WebSocketConnection connection() {
        return connection;
    }

    // --- subscriptions ---

    boolean isSubscribed(String channel) {
        return subscriptions.containsKey(channel);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Registers a new, not yet active subscription; null if the channel is already subscribed. */
    Subscription addSubscription(String channel) {
        Subscription subscription = new Subscription(this, channel);
        return subscriptions.putIfAbsent(channel, subscription) == null ? subscription : null;
    }

    Subscription removeSubscription(String channel) {
        return subscriptions.remove(channel);
    }

    /** Removes and returns every subscription (on close). */
    Collection<Subscription> drainSubscriptions() {
        var all = java.util.List.copyOf(subscriptions.values());
        subscriptions.clear();
        return all;
    }

    // --- inbound ---

    /** Queues a decoded command; false when too many are already waiting. */
    boolean submit(Command command) {
        return commands.submit(command);
    }

    void markReceived() {
        lastReceivedNanos = System.nanoTime();
    }

    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    long nextPingNanos() {
        return nextPingNanos;
    }

    void scheduleNextPing(long atNanos) {
        nextPingNanos = atNanos;
    }

    // --- outbound ---

    public void send(ServerFrame frame) {
        CborCodec binary = cbor;
        if (binary != null) {
            byte[] bytes = binary.encode(frame);
            if (writeBinary(bytes)) {
                metrics.frameOut(frame, bytes.length);
            }
        } else {
            String text = codec.encode(frame);
            if (write(text)) {
                metrics.frameOut(frame, text.length());
            }
        }
    }

    void sendShared(SharedFrame frame) {
        CborCodec binary = cbor;
        if (binary != null) {
            byte[] bytes = frame.cbor(binary);
            if (writeBinary(bytes)) {
                metrics.frameOut(frame.frame(), bytes.length);
            }
        } else {
            String text = frame.json(codec);
            if (write(text)) {
                metrics.frameOut(frame.frame(), text.length());
            }
        }
    }

    long outboundBytes() {
        return outboundBytes.get();
    }

    /** Hands the text to the socket; false when it was dropped (closing, or the buffer overflowed). */
    private boolean write(String text) {
        if (closing.get()) {
            return false;
        }
        // Bytes handed to the socket but not yet written out: a reader that stops reading makes this grow.
        long size = text.length();
        long pending = outboundBytes.addAndGet(size);
        if (pending > maxOutboundBytes) {
            outboundBytes.addAndGet(-size);
            if (!closing.get()) {
                metrics.slowConsumer();
            }
            disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full");
            return false;
        }
        connection.sendText(text).subscribe().with(
                ignored -> outboundBytes.addAndGet(-size),
                failure -> outboundBytes.addAndGet(-size));
        return true;
    }

    /** As {@link #write(String)}, for a CBOR frame; the same bound applies to its bytes. */
    private boolean writeBinary(byte[] bytes) {
        if (closing.get()) {
            return false;
        }
        long size = bytes.length;
        long pending = outboundBytes.addAndGet(size);
        if (pending > maxOutboundBytes) {
            outboundBytes.addAndGet(-size);
            disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full");
            return false;
        }
        connection.sendBinary(io.vertx.core.buffer.Buffer.buffer(bytes)).subscribe().with(
                ignored -> outboundBytes.addAndGet(-size),
                failure -> outboundBytes.addAndGet(-size));
        return true;
    }

    void ping() {
        if (!closing.get()) {
            connection.sendPing(io.vertx.core.buffer.Buffer.buffer()).subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }

    /**
     * The close code this server chose in {@link #disconnect}, 0 if it did not close the connection. It counts
     * even when the close frame never got through (a slow consumer's socket is full).
     */
    int disconnectCode() {
        return disconnectCode;
    }

    boolean isClosing() {
        return closing.get();
    }

    /** Sends {@code disconnect} and closes the connection with that code; later calls do nothing. */
    public void disconnect(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        disconnectCode = code;
        ServerFrame.Disconnect notice = new ServerFrame.Disconnect(code, reason, CloseCodes.reconnectAllowed(code));
        Uni<Void> close = connection.close(new CloseReason(code, reason));
        CborCodec binary = cbor;
        Uni<Void> sent = binary != null
                ? connection.sendBinary(io.vertx.core.buffer.Buffer.buffer(binary.encode(notice)))
                : connection.sendText(codec.encode(notice));
        sent.onFailure().recoverWithNull()
                .chain(() -> close)
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("close of %s failed: %s", id(), failure.getMessage()));
    }
}
