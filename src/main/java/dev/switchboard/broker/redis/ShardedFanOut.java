package dev.switchboard.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import dev.switchboard.broker.BrokerUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Fan-out over Redis Cluster with sharded Pub/Sub: a channel's topic lives in its channel's slot (the topic and
 * the channel's keys share the hash tag), the publish script {@code SPUBLISH}es it on that slot's primary, and
 * this node keeps one {@link ShardConnection} per primary and subscribes each topic on the primary that serves
 * its slot. A publication then travels only through its own shard.
 *
 * <p>The topology ({@code CLUSTER SLOTS}) is read at start, every check interval, and at once when a shard
 * answers {@code MOVED}, drops a topic after a slot migration ({@code sunsubscribe} from the server) or its
 * connection is lost (a primary died; after the failover its replica serves the slots). A topic that was
 * delivering and is subscribed again elsewhere is reported to {@code onResumed}: its local subscribers recover
 * from history whatever they may have missed in between, so a migration or failover loses nothing that history
 * kept and duplicates nothing (offsets).
 *
 * <p>All state is on one Vert.x context. A subscription is confirmed by the shard's own {@code ssubscribe} reply to
 * the latest placement ({@code seq}), so a confirmation of an older placement never counts.
 */
final class ShardedFanOut implements FanOut, ShardConnection.Listener {

    private static final Logger LOG = Logger.getLogger(ShardedFanOut.class);
    private static final int MAX_REDIRECTS = 5;

    private static final class Sub {
        final String topic;
        final int slot;
        final List<CompletableFuture<Void>> waiters = new ArrayList<>(1);
        ShardConnection at;
        long seq;
        boolean confirmed;
        boolean interrupted;
        int redirects;

        Sub(String topic) {
            this.topic = topic;
            this.slot = ClusterSlot.of(topic);
        }
    }

    private final Redis cluster;
    private final Function<String, Redis> clients;
    private final Vertx vertx;
    private final Context context;
    private final Duration checkInterval;
    private final Duration commandTimeout;
    private final BiConsumer<String, String> onMessage;
    private final Consumer<Set<String>> onResumed;

    // --- state, only on 'context' ---
    private final Map<String, Sub> subs = new LinkedHashMap<>();
    private final Map<String, ShardConnection> shards = new HashMap<>();
    private final Map<String, Redis> shardClients = new HashMap<>();
    private final Set<Sub> homeless = new LinkedHashSet<>();
    private ClusterTopology topology;
    private boolean refreshing;
    private boolean closed;
    private long seqCounter;
    private long timer = -1;

    // --- read from any thread ---
    private volatile boolean live;
    private volatile String problem = "reading the cluster's slots";
    private volatile int topicCount;

    /**
     * @param cluster the cluster client (for {@code CLUSTER SLOTS})
     * @param clients a standalone client for a {@code host:port} of the cluster, with the cluster's credentials
     */
    ShardedFanOut(Redis cluster, Function<String, Redis> clients, Vertx vertx, Duration checkInterval,
            Duration commandTimeout, BiConsumer<String, String> onMessage, Consumer<Set<String>> onResumed) {
        this.cluster = cluster;
        this.clients = clients;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.checkInterval = checkInterval;
        this.commandTimeout = commandTimeout;
        this.onMessage = onMessage;
        this.onResumed = onResumed;
    }

    @Override
    public void start() {
        context.runOnContext(v -> refresh());
        timer = vertx.setPeriodic(Math.max(1, checkInterval.toMillis()), id -> context.runOnContext(v -> refresh()));
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public String problem() {
        return live ? null : problem;
    }

    @Override
    public int topicCount() {
        return topicCount;
    }

    /** The topology as last read, for logs and tests: slots per primary. */
    String describeTopology() {
        ClusterTopology current = topology;
        return current == null ? "(unknown)" : current.describe();
    }

    @Override
    public Uni<Void> subscribe(String topic) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (closed) {
                confirmed.completeExceptionally(new BrokerUnavailableException("broker unavailable: closed"));
                return;
            }
            Sub sub = subs.get(topic);
            if (sub == null) {
                sub = new Sub(topic);
                subs.put(topic, sub);
                topicCount = subs.size();
                sub.waiters.add(confirmed);
                place(sub);
            } else if (sub.confirmed) {
                confirmed.complete(null);
            } else {
                sub.waiters.add(confirmed);
                if (homeless.contains(sub)) {
                    fail(sub, problem);
                }
            }
            updateLive();
        });
        return Uni.createFrom().completionStage(confirmed);
    }

    @Override
    public Uni<Void> unsubscribe(String topic) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            Sub sub = subs.remove(topic);
            topicCount = subs.size();
            if (sub != null) {
                homeless.remove(sub);
                if (sub.at != null) {
                    sub.at.unsubscribe(topic);
                }
                fail(sub, "unsubscribed meanwhile");
            }
            updateLive();
            done.complete(null);
        });
        return Uni.createFrom().completionStage(done);
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            live = false;
            problem = "closed";
            vertx.cancelTimer(timer);
            shards.values().forEach(ShardConnection::close);
            shards.clear();
            shardClients.values().forEach(Redis::close);
            shardClients.clear();
        });
    }

    // --- placement, on 'context' ---

    private void place(Sub sub) {
        String owner = topology == null ? null : topology.owner(sub.slot);
        if (owner == null) {
            sub.at = null;
            homeless.add(sub);
            fail(sub, topology == null ? problem : "no primary serves slot " + sub.slot);
            return;
        }
        homeless.remove(sub);
        ShardConnection shard = shard(owner);
        sub.at = shard;
        sub.seq = ++seqCounter;
        shard.subscribe(sub.topic, sub.seq);
    }

    /** Moves a subscription to where the topology says its slot is now. */
    private void move(Sub sub) {
        if (sub.at != null && sub.at.isConnected()) {
            sub.at.unsubscribe(sub.topic);
        }
        if (sub.confirmed) {
            sub.interrupted = true;
        }
        sub.confirmed = false;
        place(sub);
    }

    private ShardConnection shard(String endpoint) {
        ShardConnection shard = shards.get(endpoint);
        if (shard == null) {
            Redis client = shardClients.computeIfAbsent(endpoint, clients);
            shard = new ShardConnection(endpoint, client, context, this);
            shards.put(endpoint, shard);
            shard.open();
        }
        return shard;
    }

    private void refresh() {
        if (refreshing || closed) {
            return;
        }
        refreshing = true;
        RedisCalls.bounded(cluster.send(Request.cmd(Command.CLUSTER).arg("SLOTS")), commandTimeout)
                .subscribe().with(
                        reply -> context.runOnContext(v -> {
                            refreshing = false;
                            apply(ClusterTopology.parse(reply));
                        }),
                        failure -> context.runOnContext(v -> {
                            refreshing = false;
                            problem = "cannot read the cluster's slots: " + FanOutConnection.describe(failure);
                            live = false;
                        }));
    }

    private void apply(ClusterTopology next) {
        if (closed) {
            return;
        }
        boolean changed = !next.sameAs(topology);
        if (changed && topology != null) {
            LOG.infof("Redis Cluster slots changed: %s", next.describe());
        }
        topology = next;
        for (String primary : next.primaries()) {
            shard(primary); // one connection per primary, also as the shard's liveness check
        }
        for (String endpoint : List.copyOf(shards.keySet())) {
            if (!next.primaries().contains(endpoint)) {
                shards.remove(endpoint).close();
            }
        }
        if (changed) {
            for (Sub sub : subs.values()) {
                String owner = next.owner(sub.slot);
                if (sub.at == null || owner == null || sub.at != shards.get(owner)) {
                    move(sub);
                }
            }
        } else {
            for (Sub sub : List.copyOf(homeless)) {
                place(sub);
            }
        }
        updateLive();
    }

    // --- shard connection events, on 'context' ---

    @Override
    public void confirmed(ShardConnection shard, String topic, long seq) {
        Sub sub = subs.get(topic);
        if (sub == null || sub.at != shard || sub.seq != seq) {
            return;
        }
        sub.confirmed = true;
        sub.redirects = 0;
        sub.waiters.forEach(f -> f.complete(null));
        sub.waiters.clear();
        if (sub.interrupted) {
            sub.interrupted = false;
            onResumed.accept(Set.of(topic));
        }
        updateLive();
    }

    @Override
    public void refused(ShardConnection shard, String topic, long seq, String error) {
        Sub sub = subs.get(topic);
        if (sub == null || sub.at != shard || sub.seq != seq) {
            return;
        }
        String[] parts = error.split(" ");
        if ((parts[0].equals("MOVED") || parts[0].equals("ASK")) && parts.length >= 3
                && ++sub.redirects <= MAX_REDIRECTS) {
            if (parts[0].equals("MOVED")) {
                topology = topology.moved(Integer.parseInt(parts[1]), parts[2]);
                refresh();
            }
            sub.at = null;
            place(sub);
            return;
        }
        LOG.warnf("Redis Cluster refused the subscription of %s: %s", topic, error);
        sub.at = null;
        homeless.add(sub);
        fail(sub, error);
        updateLive();
    }

    @Override
    public void dropped(ShardConnection shard, String topic) {
        Sub sub = subs.get(topic);
        if (sub == null || sub.at != shard) {
            return;
        }
        LOG.debugf("%s dropped %s (its slot moved); subscribing where it went", shard.endpoint(), topic);
        if (sub.confirmed) {
            sub.interrupted = true;
        }
        sub.confirmed = false;
        sub.at = null;
        homeless.add(sub);
        updateLive();
        refresh();
    }

    @Override
    public void message(String topic, String payload) {
        onMessage.accept(topic, payload);
    }

    @Override
    public void connected(ShardConnection shard) {
        updateLive();
    }

    @Override
    public void lost(ShardConnection shard, String reason) {
        if (shards.get(shard.endpoint()) != shard) {
            return;
        }
        shards.remove(shard.endpoint());
        if (!closed) {
            LOG.warnf("Redis Cluster shard %s lost: %s", shard.endpoint(), reason);
        }
        problem = "shard " + shard.endpoint() + ": " + reason;
        for (Sub sub : subs.values()) {
            if (sub.at == shard) {
                if (sub.confirmed) {
                    sub.interrupted = true;
                }
                sub.confirmed = false;
                sub.at = null;
                homeless.add(sub);
                fail(sub, problem);
            }
        }
        updateLive();
    }

    private void fail(Sub sub, String reason) {
        if (sub.waiters.isEmpty()) {
            return;
        }
        BrokerUnavailableException unavailable = new BrokerUnavailableException("broker unavailable: " + reason);
        sub.waiters.forEach(f -> f.completeExceptionally(unavailable));
        sub.waiters.clear();
    }

    private void updateLive() {
        boolean ok = !closed && topology != null && homeless.isEmpty();
        if (ok) {
            for (String primary : topology.primaries()) {
                ShardConnection shard = shards.get(primary);
                if (shard == null || !shard.isConnected()) {
                    ok = false;
                    problem = "connecting to shard " + primary;
                    break;
                }
            }
        } else if (topology != null && !homeless.isEmpty() && !closed) {
            problem = homeless.size() + " channels wait for their shard";
        }
        live = ok;
    }
}
