package dev.switchboard.hooks.events;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.channel.ChannelActivity;
import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionListener;
import dev.switchboard.hooks.HooksConfig;
import dev.switchboard.metrics.HookMetrics;
import dev.switchboard.model.ClientInfo;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/**
 * The node's event stream to the back end ({@code switchboard.hooks.events.*}): the connection lifecycle (as a
 * {@link ConnectionListener}, so every protocol's connections report), the subscriptions
 * ({@code node.SubscribeFlow} calls {@link #subscribed} and {@link #unsubscribed}) and the channels this node
 * occupies and vacates (as the hub's {@link ChannelActivity}). Each event gets its id here,
 * goes into the bounded queue and is delivered by {@link EventDelivery}; the callers never wait. Off (every
 * method does nothing) unless {@code switchboard.hooks.events.url} is set.
 */
@Singleton
public class HookEvents implements ConnectionListener, ChannelActivity {

    private final HookMetrics metrics;
    private final EventQueue queue;
    private final EventDelivery delivery; // null: events are off
    private final HttpClient http;

    public HookEvents(HooksConfig config, Vertx vertx, ObjectMapper json, HookMetrics metrics) {
        this.metrics = metrics;
        HooksConfig.Events events = config.events();
        this.queue = new EventQueue(events.queueSize());
        if (events.url().isEmpty()) {
            this.http = null;
            this.delivery = null;
            return;
        }
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        this.delivery = new EventDelivery(vertx.getOrCreateContext(), http, events.url().get(), queue,
                new JsonEventFormat(json), new EventSigner(events.secrets().orElse(List.of())), metrics,
                events.batchSize(), events.timeout(), events.minBackoff(), events.maxBackoff());
    }

    public boolean enabled() {
        return delivery != null;
    }

    @Override
    public void opened(Connection connection) {
        emit(EventKind.CONNECTED, connection.id(), connection.user(), connection.protocol(), null, null, null);
    }

    @Override
    public void closed(Connection connection) {
        emit(EventKind.DISCONNECTED, connection.id(), connection.user(), connection.protocol(), null,
                connection.closeCode(), connection.closeReason());
    }

    /** A connection's subscription is in place (called once the face has it, with presence and join done). */
    public void subscribed(ClientInfo member, String channel) {
        emit(EventKind.SUBSCRIBED, member.client(), member.user(), null, channel, null, null);
    }

    public void unsubscribed(ClientInfo member, String channel) {
        emit(EventKind.UNSUBSCRIBED, member.client(), member.user(), null, channel, null, null);
    }

    @Override
    public void occupied(String channel) {
        emit(EventKind.OCCUPIED, null, null, null, channel, null, null);
    }

    @Override
    public void vacated(String channel) {
        emit(EventKind.VACATED, null, null, null, channel, null, null);
    }

    private void emit(EventKind kind, String client, String user, String protocol, String channel, Integer code,
            String reason) {
        if (delivery == null) {
            return;
        }
        HookEvent event = new HookEvent(UUID.randomUUID().toString(), kind, System.currentTimeMillis(), client, user,
                protocol, channel, code, reason);
        if (queue.offer(event)) {
            metrics.eventQueued();
            delivery.wake();
        } else {
            metrics.eventDropped();
        }
    }

    @PreDestroy
    void stop() {
        if (delivery != null) {
            delivery.stop();
            http.close();
        }
    }
}
