package dev.switchboard.gateway;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

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

/**
 * The server side of one /ws connection: who it is, what it is subscribed to, its command queue, its heartbeat
 * clock and its outbound queue ({@link Outbound}). Frames to it may be sent from any thread; they are written on
 * the connection's event loop in the order they were sent.
 */
public final class ClientSession {

    private static final Logger LOG = Logger.getLogger(ClientSession.class);

    private final WebSocketConnection connection;
    private final ClientIdentity identity;
    private final ClientInfo info;
    private final JsonCodec codec;
    private final GatewayMetrics metrics;
    private final long maxOutboundBytes;
    /** Created at the first subscribe: most of an idle node's connections never need one. */
    private volatile Map<String, Subscription> subscriptions;
    private final CommandQueue commands;
    private final Outbound outbound;
    /** Kept free under the outbound bound for the disconnect notice and the close frame that follow a cut. */
    private static final int CLOSING_ROOM = 512;

    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile int disconnectCode;
    /** Set on the event loop when the disconnect notice is written: frames sent before it still go out. */
    private boolean noticeWritten; // event loop only
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long nextPingNanos;
    private volatile SessionGuard guard;
    private volatile CborCodec cbor; // null: the JSON subprotocol

    ClientSession(WebSocketConnection connection, Outbound outbound, ClientIdentity identity, JsonCodec codec,
            CommandHandler handler, int maxPendingCommands, long maxOutboundBytes, GatewayMetrics metrics) {
        this.connection = connection;
        this.outbound = outbound;
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

    private Map<String, Subscription> subscriptionTable() {
        Map<String, Subscription> current = subscriptions;
        if (current == null) {
            synchronized (this) {
                current = subscriptions;
                if (current == null) {
                    current = new ConcurrentHashMap<>(4);
                    subscriptions = current;
                }
            }
        }
        return current;
    }

    boolean isSubscribed(String channel) {
        Map<String, Subscription> current = subscriptions;
        return current != null && current.containsKey(channel);
    }

    int subscriptionCount() {
        Map<String, Subscription> current = subscriptions;
        return current == null ? 0 : current.size();
    }

    /** Registers a new, not yet active subscription; null if the channel is already subscribed. */
    Subscription addSubscription(String channel) {
        Subscription subscription = new Subscription(this, channel);
        return subscriptionTable().putIfAbsent(channel, subscription) == null ? subscription : null;
    }

    Subscription removeSubscription(String channel) {
        Map<String, Subscription> current = subscriptions;
        Subscription subscription = current == null ? null : current.remove(channel);
        if (subscription != null) {
            subscription.cancel();
        }
        return subscription;
    }

    /** Removes and returns every subscription (on close). */
    Collection<Subscription> drainSubscriptions() {
        Map<String, Subscription> current = subscriptions;
        if (current == null) {
            return java.util.List.of();
        }
        var all = java.util.List.copyOf(current.values());
        current.clear();
        all.forEach(Subscription::cancel);
        return all;
    }

    /** The event loop this connection's frames are written on. */
    Executor eventLoop() {
        return outbound.loop();
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

    /** Sends a frame to this connection alone; from any thread. */
    public void send(ServerFrame frame) {
        CborCodec binary = cbor;
        byte[] bytes = binary != null ? binary.encode(frame) : codec.encodeUtf8(frame);
        outbound.execute(() -> writeNow(frame, bytes));
    }

    /** Sends a frame shared with other connections, encoded once for all of them; from any thread. */
    void sendShared(SharedFrame frame) {
        CborCodec binary = cbor;
        byte[] bytes = binary != null ? frame.cbor(binary) : frame.jsonUtf8(codec);
        outbound.execute(() -> writeNow(frame.frame(), bytes));
    }

    /** Bytes queued for this connection and not yet taken by its socket. */
    long outboundBytes() {
        return outbound.pendingBytes();
    }

    /**
     * On the event loop: writes the frame unless the disconnect notice is out or the frame would pass the outbound
     * bound. Frames sent before {@link #disconnect} are still written, in order, ahead of the notice.
     */
    private void writeNow(ServerFrame frame, byte[] bytes) {
        if (noticeWritten || !withinOutboundBound(bytes.length)) {
            return;
        }
        if (cbor != null) {
            outbound.writeBinary(bytes);
        } else {
            outbound.writeText(bytes);
        }
        metrics.frameOut(frame, bytes.length);
    }

    /**
     * Whether {@code size} more bytes fit under the connection's outbound bound; if not, the connection is cut
     * with 4008 (a reader that stops reading makes the queue grow). The queue never passes the bound: a frame
     * that would pass it (minus room for the disconnect notice and close frame) is not written. One frame larger than the bound (a long history reply) still goes out
     * when nothing else is waiting: asking for history must not look like a slow reader. Event loop only, so
     * the check and the write that follows cannot interleave with another write.
     */
    private boolean withinOutboundBound(int size) {
        long pending = outbound.pendingBytes();
        if (pending > 0 && pending + size + Outbound.FRAME_HEADER_BYTES > maxOutboundBytes - CLOSING_ROOM) {
            if (!closing.get()) {
                metrics.slowConsumer();
            }
            disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full");
            return false;
        }
        return true;
    }

    void ping() {
        outbound.execute(() -> {
            if (!closing.get()) {
                outbound.writePing();
            }
        });
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

    /**
     * Sends {@code disconnect} and closes the connection with that code; later calls do nothing. The notice goes
     * out after every frame sent before this call, in the room the outbound bound keeps free for it; the close
     * frame follows through WebSockets Next, which closes the socket itself when the client does not answer.
     */
    public void disconnect(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        disconnectCode = code;
        ServerFrame.Disconnect notice = new ServerFrame.Disconnect(code, reason, CloseCodes.reconnectAllowed(code));
        CborCodec binary = cbor;
        byte[] bytes = binary != null ? binary.encode(notice) : codec.encodeUtf8(notice);
        outbound.execute(() -> {
            noticeWritten = true;
            if (!outbound.isOpen() || connection.isClosed()) {
                return; // the client left first: nothing to tell it
            }
            if (binary != null) {
                outbound.writeBinary(bytes);
            } else {
                outbound.writeText(bytes);
            }
            connection.close(new CloseReason(code, reason)).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("close of %s failed: %s", id(), failure.getMessage()));
        });
    }
}
