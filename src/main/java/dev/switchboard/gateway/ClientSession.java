package dev.switchboard.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.connection.Connection;
import dev.switchboard.connection.OutboundFrame;
import dev.switchboard.metrics.FrameCounter;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.CloseCodes;
import dev.switchboard.model.Encoding;
import dev.switchboard.protocol.CborCodec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.NativeEncodings;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.security.ClientIdentity;
import dev.switchboard.security.ConnectionSecurity;

/**
 * The native protocol's side of one /ws connection: its encoding (the JSON or the CBOR subprotocol), its
 * subscriptions, its command queue and its security state. Transport, outbound bound and heartbeat are the
 * {@link Connection}'s; this class only turns frames into bytes in the session's encoding.
 */
final class ClientSession {

    private static final JsonCodec JSON = new JsonCodec();

    private final Connection connection;
    private final ClientIdentity identity;
    private final NativeFrameMetrics metrics;
    private final CborCodec cbor; // null: the JSON subprotocol
    private final Encoding<byte[]> eventEncoding;
    /** Created at the first subscribe: most of an idle node's connections never need one. */
    private volatile Map<String, Subscription> subscriptions;
    private final CommandQueue commands;
    private volatile ConnectionSecurity security;

    ClientSession(Connection connection, ClientIdentity identity, CborCodec cbor, CommandHandler handler,
            int maxPendingCommands, NativeFrameMetrics metrics) {
        this.connection = connection;
        this.identity = identity;
        this.cbor = cbor;
        this.eventEncoding = cbor != null ? NativeEncodings.CBOR : NativeEncodings.JSON;
        this.metrics = metrics;
        this.commands = new CommandQueue(command -> handler.handle(this, command), maxPendingCommands);
    }

    /** The notice frame of a close, in the session's encoding (the connection writes it before the close). */
    static OutboundFrame disconnectNotice(CborCodec cbor, NativeFrameMetrics metrics, int code, String reason) {
        ServerFrame.Disconnect notice = new ServerFrame.Disconnect(code, reason,
                CloseCodes.reconnectAllowed(code));
        return cbor != null ? new OutboundFrame(cbor.encode(notice), true, metrics.out(notice))
                : new OutboundFrame(JSON.encodeUtf8(notice), false, metrics.out(notice));
    }

    String id() {
        return connection.id();
    }

    Connection connection() {
        return connection;
    }

    ClientIdentity identity() {
        return identity;
    }

    ClientInfo info() {
        return connection.client();
    }

    /** The security state (rate limiter, token expiry timer), set once at open. */
    ConnectionSecurity security() {
        return security;
    }

    void security(ConnectionSecurity security) {
        this.security = security;
    }

    boolean usesCbor() {
        return cbor != null;
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
    Subscription addSubscription(String channel, boolean delta, boolean conflate) {
        Subscription subscription = new Subscription(this, channel, delta, conflate);
        return subscriptionTable().putIfAbsent(channel, subscription) == null ? subscription : null;
    }

    /** Removes the subscription of a channel from the table (the flow's leave cancels it); null if none. */
    Subscription removeSubscription(String channel) {
        Map<String, Subscription> current = subscriptions;
        return current == null ? null : current.remove(channel);
    }

    /** Removes and returns every subscription (on close). */
    Collection<Subscription> drainSubscriptions() {
        Map<String, Subscription> current = subscriptions;
        if (current == null) {
            return List.of();
        }
        List<Subscription> all = List.copyOf(current.values());
        current.clear();
        return all;
    }

    // --- inbound ---

    /** Queues a decoded command; false when too many are already waiting. */
    boolean submit(Command command) {
        return commands.submit(command);
    }

    // --- outbound ---

    /** Sends a frame to this connection alone; from any thread. */
    void send(ServerFrame frame) {
        byte[] bytes = cbor != null ? cbor.encode(frame) : JSON.encodeUtf8(frame);
        connection.send(bytes, cbor != null, metrics.out(frame));
    }

    /** Sends a channel event in the session's encoding, made once for every native subscriber of that encoding. */
    void sendEvent(ChannelEvent event) {
        connection.sendEvent(event, eventEncoding, cbor != null, metrics.out(event.kind()));
    }

    /**
     * Sends a publication of a delta or conflating subscription: as a delta ({@code asDelta}), with its data as
     * text ({@code asText}: a delta subscription's whole form) or as every other subscriber gets it, each form made
     * once per event; conflated when the connection falls behind ({@code conflate}), a replacement then whole.
     */
    void sendPublication(ChannelEvent event, boolean asText, boolean asDelta, boolean conflate) {
        boolean binary = cbor != null;
        Encoding<byte[]> encoding = asDelta ? (binary ? NativeEncodings.CBOR_DELTA : NativeEncodings.JSON_DELTA)
                : asText ? (binary ? NativeEncodings.CBOR_AS_TEXT : NativeEncodings.JSON_AS_TEXT)
                : eventEncoding;
        FrameCounter counter = metrics.out(ChannelEvent.Kind.PUBLICATION);
        if (!conflate) {
            connection.sendEvent(event, encoding, binary, counter);
            return;
        }
        connection.sendConflatable(event, encoding, binary, counter, (latest, skipped) -> {
            ServerFrame frame = NativeEncodings.conflated(latest, asText, skipped);
            return binary ? cbor.encode(frame) : JSON.encodeUtf8(frame);
        });
    }

    void disconnect(int code, String reason) {
        connection.disconnect(code, reason);
    }
}
