package dev.switchboard.gateway;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.switchboard.protocol.ClientInfo;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.SharedFrame;
import dev.switchboard.security.ClientIdentity;
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
    private final long maxOutboundBytes;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final CommandQueue commands;
    private final AtomicLong outboundBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long nextPingNanos;

    ClientSession(WebSocketConnection connection, ClientIdentity identity, JsonCodec codec,
            CommandHandler handler, int maxPendingCommands, long maxOutboundBytes) {
        this.connection = connection;
        this.identity = identity;
        this.info = new ClientInfo(connection.id(), identity.user(), identity.info());
        this.codec = codec;
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
        write(codec.encode(frame));
    }

    void sendShared(SharedFrame frame) {
        write(frame.json(codec));
    }

    long outboundBytes() {
        return outboundBytes.get();
    }

    private void write(String text) {
        if (closing.get()) {
            return;
        }
        // Bytes handed to the socket but not yet written out: a reader that stops reading makes this grow.
        long size = text.length();
        long pending = outboundBytes.addAndGet(size);
        if (pending > maxOutboundBytes) {
            outboundBytes.addAndGet(-size);
            disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full");
            return;
        }
        connection.sendText(text).subscribe().with(
                ignored -> outboundBytes.addAndGet(-size),
                failure -> outboundBytes.addAndGet(-size));
    }

    void ping() {
        if (!closing.get()) {
            connection.sendPing(io.vertx.core.buffer.Buffer.buffer()).subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }

    boolean isClosing() {
        return closing.get();
    }

    /** Sends {@code disconnect} and closes the connection with that code; later calls do nothing. */
    public void disconnect(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        String frame = codec.encode(new ServerFrame.Disconnect(code, reason, CloseCodes.reconnectAllowed(code)));
        Uni<Void> close = connection.close(new CloseReason(code, reason));
        connection.sendText(frame)
                .onFailure().recoverWithNull()
                .chain(() -> close)
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("close of %s failed: %s", id(), failure.getMessage()));
    }
}
