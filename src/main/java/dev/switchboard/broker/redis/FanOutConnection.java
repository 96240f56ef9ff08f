package dev.switchboard.broker.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.switchboard.broker.BrokerUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * This node's one Redis Pub/Sub connection. It subscribes to the topics of the channels that have local
 * subscribers and hands every message to {@code onMessage}, in the order Redis sent them (so a channel's
 * publications arrive in offset order: the publish script runs atomically and Redis delivers in order).
 *
 * <p>A subscription is confirmed only when Redis' own {@code subscribe} reply for the topic arrives: from then on
 * every later publication reaches this node, which is what the exactly-once subscribe needs. Redis confirms the
 * subscribes of one connection in the order they were sent, so the n-th confirmation of a topic belongs to its
 * n-th {@code SUBSCRIBE}.
 *
 * <p>All state is touched only on one Vert.x context; the public methods hop onto it in call order.
 *
 * <p>When the connection is lost, pending subscribes fail, and the node reconnects every
 * {@code checkInterval}. Once the new connection has confirmed every wanted topic, {@code onResumed} gets the
 * channels that were subscribed: their events published during the outage never reached this node.
 */
final class FanOutConnection implements FanOut {

    private static final Logger LOG = Logger.getLogger(FanOutConnection.class);
    private static final int TOPICS_PER_COMMAND = 256;

    private final Redis redis;
    private final Vertx vertx;
    private final Context context;
    private final Duration reconnectDelay;
    private final BiConsumer<String, String> onMessage;
    private final Consumer<Set<String>> onResumed;

    // --- state, only on 'context' ---
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Map<String, Queue<CompletableFuture<Void>>> awaitingConfirmation = new HashMap<>();
    private RedisConnection connection;
    private boolean hadConnection;
    private boolean closed;

    // --- read from any thread ---
    private volatile boolean live;
    private volatile String problem = "connecting to Redis";
    private volatile int topicCount;

    /**
     * @param onMessage topic and payload of each message
     * @param onResumed topics subscribed again after an interruption
     */
    FanOutConnection(Redis redis, Vertx vertx, Duration reconnectDelay, BiConsumer<String, String> onMessage,
            Consumer<Set<String>> onResumed) {
        this.redis = redis;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.reconnectDelay = reconnectDelay;
        this.onMessage = onMessage;
        this.onResumed = onResumed;
    }

    @Override
    public void start() {
        context.runOnContext(v -> connect());
    }

    /** True while connected with every wanted topic confirmed. */
    @Override
    public boolean isLive() {
        return live;
    }

    /** Why it is not live, or null. */
    @Override
    public String problem() {
        return live ? null : problem;
    }

    @Override
    public int topicCount() {
        return topicCount;
    }

    /**
     * Subscribes to a topic; completes when Redis confirmed it. Takes effect in call order relative to
     * {@link #unsubscribe} (both queue onto the connection's context at once).
     */
    @Override
    public Uni<Void> subscribe(String topic) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        context.runOnContext(v -> {
            wanted.add(topic);
            topicCount = wanted.size();
            if (connection == null) {
                confirmed.completeExceptionally(new BrokerUnavailableException("broker unavailable: " + problem));
                return;
            }
            awaitingConfirmation.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(confirmed);
            send(Request.cmd(Command.SUBSCRIBE).arg(topic));
        });
        return Uni.createFrom().completionStage(confirmed);
    }

    @Override
    public Uni<Void> unsubscribe(String topic) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        context.runOnContext(v -> {
            wanted.remove(topic);
            topicCount = wanted.size();
            if (connection != null) {
                send(Request.cmd(Command.UNSUBSCRIBE).arg(topic));
            }
            sent.complete(null);
        });
        return Uni.createFrom().completionStage(sent);
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            live = false;
            problem = "closed";
            if (connection != null) {
                connection.close().subscribe().with(ok -> {
                }, failure -> {
                });
                connection = null;
            }
        });
    }

    // --- on 'context' ---

    private void connect() {
        if (closed) {
            return;
        }
        redis.connect().subscribe().with(
                newConnection -> context.runOnContext(v -> connected(newConnection)),
                failure -> context.runOnContext(v -> {
                    problem = describe(failure);
                    LOG.debugf("Redis Pub/Sub connection failed: %s", problem);
                    scheduleReconnect();
                }));
    }

    private void connected(RedisConnection newConnection) {
        if (closed) {
            newConnection.close().subscribe().with(ok -> {
            }, failure -> {
            });
            return;
        }
        connection = newConnection;
        // A pooled connection may belong to another event loop: hop onto ours, keeping the order of messages.
        newConnection.handler(message -> context.runOnContext(v -> received(message)));
        newConnection.exceptionHandler(
                failure -> context.runOnContext(v -> lost(newConnection, describe(failure))));
        newConnection.endHandler(() -> context.runOnContext(v -> lost(newConnection, "connection to Redis closed")));
        boolean resumed = hadConnection;
        hadConnection = true;
        Set<String> topics = Set.copyOf(wanted);
        List<CompletableFuture<Void>> confirmations = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (String topic : topics) {
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            awaitingConfirmation.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(confirmed);
            confirmations.add(confirmed);
            batch.add(topic);
            if (batch.size() == TOPICS_PER_COMMAND) {
                sendSubscribe(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            sendSubscribe(batch);
        }
        CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            context.runOnContext(v -> {
                if (failure != null || connection != newConnection) {
                    return; // lost again meanwhile; the next connection starts over
                }
                live = true;
                LOG.infof("Redis Pub/Sub connected%s (%d topics)", resumed ? " again" : "", topics.size());
                if (resumed && !topics.isEmpty()) {
                    onResumed.accept(topics);
                }
            });
        });
    }

    private void sendSubscribe(List<String> topics) {
        Request request = Request.cmd(Command.SUBSCRIBE);
        topics.forEach(request::arg);
        send(request);
    }

    private void send(Request request) {
        RedisConnection current = connection;
        current.send(request).subscribe().with(ok -> {
        }, failure -> context.runOnContext(v -> lost(current, describe(failure))));
    }

    private void received(Response message) {
        if (message == null || message.size() < 2) {
            return;
        }
        String kind = message.get(0).toString();
        switch (kind) {
            case "message" -> {
                if (message.size() >= 3) {
                    onMessage.accept(message.get(1).toString(), message.get(2).toString());
                }
            }
            case "subscribe" -> {
                Queue<CompletableFuture<Void>> waiting = awaitingConfirmation.get(message.get(1).toString());
                CompletableFuture<Void> confirmed = waiting == null ? null : waiting.poll();
                if (waiting != null && waiting.isEmpty()) {
                    awaitingConfirmation.remove(message.get(1).toString());
                }
                if (confirmed != null) {
                    confirmed.complete(null);
                }
            }
            default -> {
                // unsubscribe confirmations and pongs need nothing
            }
        }
    }

    private void lost(RedisConnection which, String reason) {
        if (connection != which) {
            return; // an older connection reporting late
        }
        connection = null;
        live = false;
        problem = reason;
        if (closed) {
            return;
        }
        LOG.warnf("Redis Pub/Sub connection lost: %s", reason);
        which.close().subscribe().with(ok -> {
        }, failure -> {
        });
        BrokerUnavailableException unavailable = new BrokerUnavailableException("broker unavailable: " + reason);
        awaitingConfirmation.values().forEach(queue -> queue.forEach(f -> f.completeExceptionally(unavailable)));
        awaitingConfirmation.clear();
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (!closed) {
            vertx.setTimer(Math.max(1, reconnectDelay.toMillis()), id -> context.runOnContext(v -> connect()));
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
