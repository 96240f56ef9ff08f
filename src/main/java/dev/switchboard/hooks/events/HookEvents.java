package dev.switchboard.hooks.events;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionListener;
import dev.switchboard.hooks.HooksConfig;
import dev.switchboard.metrics.HookMetrics;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.presence.Occupancy;
import dev.switchboard.presence.OccupancyListener;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/**
 * The node's event stream: every fact of the core becomes one {@link HookEvent} with its id, offered to each
 * output ({@link EventOutput}: its filter, its own bounded queue, format, signature and sender). The facts come
 * from the connection lifecycle (as a {@link ConnectionListener}, so every protocol's connections report), the
 * subscriptions ({@code node.SubscribeFlow} calls {@link #subscribed} and {@link #unsubscribed}), the cluster-wide
 * occupancy (as an {@link OccupancyListener}: occupied, vacated, joined, left, online, offline, and the
 * connections of a node that died), and the faces' own facts ({@link #clientEvent}, {@link #cacheMiss}).
 *
 * <p>The native output is {@code switchboard.hooks.events.*}; a face adds its own with {@link #addOutput} (the
 * Pusher face: one per app with webhooks). No output: every method does nothing. Callers never wait.
 */
@Singleton
@Startup
public class HookEvents implements ConnectionListener, OccupancyListener {

    /** What the native output sends: everything but the Pusher-only facts, which Pusher's webhooks carry. */
    private static final Set<EventKind> NATIVE = EnumSet.complementOf(EnumSet.of(EventKind.CLIENT_EVENT,
            EventKind.CACHE_MISS));

    /** The close code of a connection that died without a close: its node died (RFC 6455's 1006). */
    static final int NODE_LOST = 1006;

    private final Vertx vertx;
    private final HookMetrics metrics;
    private final Occupancy occupancy;
    private final List<EventOutput> outputs = new CopyOnWriteArrayList<>();
    private final boolean nativeOutput;
    /** Open connections' protocols, for their subscription events (SubscribeFlow knows no protocol). */
    private final Map<String, String> protocols = new ConcurrentHashMap<>();
    private HttpClient http;

    public HookEvents(HooksConfig config, Vertx vertx, ObjectMapper json, HookMetrics metrics, Occupancy occupancy) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.occupancy = occupancy;
        HooksConfig.Events events = config.events();
        this.nativeOutput = events.url().isPresent();
        if (nativeOutput) {
            addOutput(events.url().get(), new JsonEventFormat(json),
                    new EventSigner(events.secrets().orElse(List.of())), e -> NATIVE.contains(e.kind()),
                    new OutputSettings(events.queueSize(), events.batchSize(), events.timeout(), events.minBackoff(),
                            events.maxBackoff()));
        }
        occupancy.addListener(this);
    }

    /**
     * Adds a destination: the events {@code accepts} takes are queued for it, formatted by {@code formatter},
     * signed by {@code signer} and POSTed to {@code url}, batched and retried by its own sender.
     */
    public synchronized void addOutput(String url, EventFormatter formatter, BodySigner signer,
            Predicate<HookEvent> accepts, OutputSettings settings) {
        if (http == null) {
            http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        }
        EventQueue queue = new EventQueue(settings.queueSize());
        EventDelivery delivery = new EventDelivery(vertx.getOrCreateContext(), http, url, queue, formatter, signer,
                metrics, settings.batchSize(), settings.timeout(), settings.minBackoff(), settings.maxBackoff());
        outputs.add(new EventOutput(accepts, queue, delivery, metrics));
    }

    public boolean enabled() {
        return !outputs.isEmpty();
    }

    // --- connections: reported here, and counted cluster-wide for online/offline and a dead node's list ---

    @Override
    public void opened(Connection connection) {
        if (!outputs.isEmpty()) {
            protocols.put(connection.id(), connection.protocol());
        }
        if (nativeOutput) {
            occupancy.connectionOpened(connection.id(), connection.user(), connection.protocol());
        }
        emit(EventKind.CONNECTED, connection.id(), connection.user(), connection.protocol(), null, null, null);
    }

    @Override
    public void closed(Connection connection) {
        emit(EventKind.DISCONNECTED, connection.id(), connection.user(), connection.protocol(), null,
                connection.closeCode(), connection.closeReason());
        protocols.remove(connection.id());
        if (nativeOutput) {
            occupancy.connectionClosed(connection.id(), connection.user());
        }
    }

    @Override
    public void connectionLost(String client, String user, String protocol) {
        emit(EventKind.DISCONNECTED, client, user, protocol, null, NODE_LOST, "node lost");
    }

    // --- subscriptions ---

    /** A connection's subscription is in place (called once the face has it, with presence and join done). */
    public void subscribed(ClientInfo member, String channel) {
        emit(EventKind.SUBSCRIBED, member.client(), member.user(), protocols.get(member.client()), channel, null,
                null);
    }

    /** The subscription ended (its client's protocol is null when the connection was already reported gone). */
    public void unsubscribed(ClientInfo member, String channel) {
        emit(EventKind.UNSUBSCRIBED, member.client(), member.user(), protocols.get(member.client()), channel, null,
                null);
    }

    // --- cluster-wide facts ---

    @Override
    public void occupied(String channel) {
        emit(EventKind.OCCUPIED, null, null, null, channel, null, null);
    }

    @Override
    public void vacated(String channel) {
        emit(EventKind.VACATED, null, null, null, channel, null, null);
    }

    @Override
    public void joined(String channel, String user) {
        emit(EventKind.JOINED, null, user, null, channel, null, null);
    }

    @Override
    public void left(String channel, String user) {
        emit(EventKind.LEFT, null, user, null, channel, null, null);
    }

    @Override
    public void online(String user) {
        emit(EventKind.ONLINE, null, user, null, null, null, null);
    }

    @Override
    public void offline(String user) {
        emit(EventKind.OFFLINE, null, user, null, null, null, null);
    }

    // --- the faces' own facts ---

    /** A client's event {@code event} with {@code data} (as text) on {@code channel}, from connection {@code client}. */
    public void clientEvent(String channel, String event, String data, String client, String user,
            String protocol) {
        if (!outputs.isEmpty()) {
            offer(new HookEvent(UUID.randomUUID().toString(), EventKind.CLIENT_EVENT, System.currentTimeMillis(),
                    client, user, protocol, channel, null, null, event, data));
        }
    }

    /**
     * A subscriber of the cache channel {@code channel} (the core name) found nothing to replay. Called by the
     * face that has cache channels (Pusher) when it sends its own "cache miss" to the client.
     */
    public void cacheMiss(String channel, String client, String protocol) {
        emit(EventKind.CACHE_MISS, client, null, protocol, channel, null, null);
    }

    private void emit(EventKind kind, String client, String user, String protocol, String channel, Integer code,
            String reason) {
        if (outputs.isEmpty()) {
            return;
        }
        offer(new HookEvent(UUID.randomUUID().toString(), kind, System.currentTimeMillis(), client, user, protocol,
                channel, code, reason, null, null));
    }

    private void offer(HookEvent event) {
        for (EventOutput output : outputs) {
            output.offer(event);
        }
    }

    @PreDestroy
    void stop() {
        outputs.forEach(EventOutput::stop);
        if (http != null) {
            http.close();
        }
    }
}
