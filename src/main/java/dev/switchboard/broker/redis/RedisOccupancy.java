package dev.switchboard.broker.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jboss.logging.Logger;

import dev.switchboard.presence.ChannelOccupancy;
import dev.switchboard.presence.LocalTally;
import dev.switchboard.presence.Occupancy;
import dev.switchboard.presence.OccupancyListener;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * {@link Occupancy} over Redis, for the whole cluster. Each node writes its own absolute counts per scope
 * ({@link OccupancyScripts#SET}); Redis keeps the totals, and the script run that moves a total across zero
 * returns the crossing to the node that made it, which tells its listeners: each fact once per cluster.
 *
 * <p>Writes are coalesced per scope with at most one in flight, so one scope's writes from this node arrive in
 * order, and a burst (a thousand subscribers in a second) costs a few writes, not a thousand: a count that goes
 * up and down again before it is written is never seen (no occupied/vacated pair for a subscription that lasted
 * less than a round trip). A write that fails (Redis unreachable) is tried again, with the newest counts.
 *
 * <p>Each node keeps a heartbeat in the node table. A node whose heartbeat is older than
 * {@code switchboard.redis.presence-ttl} (killed, cut off) is claimed by one other node, which takes its counts
 * away ({@link OccupancyScripts#DROP}) and reports its open connections as lost and every crossing that causes.
 * A node that finds itself reaped (it was cut off from Redis longer than the TTL) writes all its counts again.
 */
public final class RedisOccupancy implements Occupancy {

    private static final Logger LOG = Logger.getLogger(RedisOccupancy.class);
    private static final long RETRY_MILLIS = 1000;
    private static final int CLAIMS_PER_TICK = 10;

    private final Redis redis;
    private final Vertx vertx;
    private final RedisBrokerConfig config;
    private final OccupancyKeys keys;
    private final String node;
    private final List<OccupancyListener> listeners = new CopyOnWriteArrayList<>();
    private final LocalTally tally = new LocalTally();
    private final Map<String, ScopeWriter> writers = new ConcurrentHashMap<>();
    private final ConnectionsWriter connections = new ConnectionsWriter();
    private long timer = -1;
    private volatile boolean beating;

    public RedisOccupancy(Redis redis, Vertx vertx, RedisBrokerConfig config, String node) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.keys = new OccupancyKeys(config.prefix());
        this.node = node;
    }

    public String node() {
        return node;
    }

    /** Starts the heartbeat and the search for dead nodes, every {@code presence-refresh}. */
    public void start() {
        tick();
        timer = vertx.setPeriodic(Math.max(1, config.presenceRefresh().toMillis()), id -> tick());
    }

    /**
     * Stops the heartbeat. This node's connections were reported by itself as they closed, so their list goes;
     * its counts are left for another node to take away at once (the heartbeat is set to "expired").
     */
    public void stop() {
        vertx.cancelTimer(timer);
        call(redis.send(Request.cmd(Command.DEL).arg(keys.connections(node)))
                .chain(() -> redis.send(Request.cmd(Command.ZADD).arg(keys.nodes()).arg(0).arg(node))))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("occupancy stop: %s", failure.getMessage()));
    }

    @Override
    public void addListener(OccupancyListener listener) {
        listeners.add(listener);
    }

    // --- this node's counts ---

    @Override
    public void subscribers(String channel, int count) {
        set(OccupancyKeys.channelScope(channel), "s", count);
    }

    @Override
    public void memberAdded(String channel, String user, String client) {
        synchronized (tally) {
            int count = tally.addMember(channel, user, client);
            if (count != LocalTally.UNCHANGED) {
                set(OccupancyKeys.channelScope(channel), OccupancyKeys.USER + user, count);
            }
        }
    }

    @Override
    public void memberRemoved(String channel, String user, String client) {
        synchronized (tally) {
            int count = tally.removeMember(channel, user, client);
            if (count != LocalTally.UNCHANGED) {
                set(OccupancyKeys.channelScope(channel), OccupancyKeys.USER + user, count);
            }
        }
    }

    @Override
    public void connectionOpened(String client, String user, String protocol) {
        connections.opened(client, protocol + (user == null ? "" : "\n" + user));
        if (user != null) {
            synchronized (tally) {
                int count = tally.openConnection(user, client);
                if (count != LocalTally.UNCHANGED) {
                    set(OccupancyKeys.userScope(user), "c", count);
                }
            }
        }
    }

    @Override
    public void connectionClosed(String client, String user) {
        connections.closed(client);
        if (user != null) {
            synchronized (tally) {
                int count = tally.closeConnection(user, client);
                if (count != LocalTally.UNCHANGED) {
                    set(OccupancyKeys.userScope(user), "c", count);
                }
            }
        }
    }

    // --- reads ---

    @Override
    public Uni<ChannelOccupancy> channel(String channel) {
        return call(OccupancyScripts.READ.run(redis, List.of(keys.total(OccupancyKeys.channelScope(channel))),
                List.of())).map(reply -> new ChannelOccupancy(reply.get(0).toInteger(), reply.get(1).toInteger()));
    }

    @Override
    public Uni<Map<String, ChannelOccupancy>> channels(String prefix) {
        return call(OccupancyScripts.SCAN.run(redis, List.of(keys.index()), List.of(prefix))).chain(reply -> {
            List<String> names = new ArrayList<>(reply.size());
            reply.forEach(r -> names.add(r.toString()));
            if (names.isEmpty()) {
                return Uni.createFrom().item(Map.<String, ChannelOccupancy>of());
            }
            List<Uni<ChannelOccupancy>> reads = names.stream().map(this::channel).toList();
            return Uni.join().all(reads).andFailFast().map(counts -> {
                Map<String, ChannelOccupancy> found = new TreeMap<>();
                for (int i = 0; i < names.size(); i++) {
                    if (counts.get(i).occupied()) {
                        found.put(names.get(i), counts.get(i));
                    }
                }
                return found;
            });
        });
    }

    // --- writing one scope ---

    /** One scope's counts of this node: what Redis holds, what waits to be written, and the one write in flight. */
    private static final class ScopeWriter {
        final String scope;
        final Map<String, Integer> pending = new LinkedHashMap<>();
        final Map<String, Integer> written = new HashMap<>();
        boolean inFlight;
        boolean registered; // listed in this node's scopes set
        boolean retired; // removed from the writers map; a caller holding it takes a new one

        ScopeWriter(String scope) {
            this.scope = scope;
        }
    }

    private void set(String scope, String item, int count) {
        while (true) {
            ScopeWriter writer = writers.computeIfAbsent(scope, ScopeWriter::new);
            boolean start;
            synchronized (writer) {
                if (writer.retired) {
                    continue;
                }
                writer.pending.put(item, count);
                start = !writer.inFlight;
                writer.inFlight = true;
            }
            if (start) {
                flush(writer);
            }
            return;
        }
    }

    private void flush(ScopeWriter writer) {
        Map<String, Integer> batch;
        boolean register;
        synchronized (writer) {
            batch = new LinkedHashMap<>(writer.pending);
            writer.pending.clear();
            register = !writer.registered && batch.values().stream().anyMatch(c -> c > 0);
        }
        List<String> args = new ArrayList<>(batch.size() * 2);
        batch.forEach((item, count) -> {
            args.add(item);
            args.add(Integer.toString(count));
        });
        String scope = writer.scope;
        // Listed before the counts exist, so a node that dies between the two leaves no count nobody can find.
        Uni<Void> listed = register
                ? call(redis.send(Request.cmd(Command.SADD).arg(keys.scopes(node)).arg(scope)))
                        .invoke(() -> writer.registered = true).replaceWithVoid()
                : Uni.createFrom().voidItem();
        listed.chain(() -> call(OccupancyScripts.SET.run(redis, scopeKeys(scope, node), args)))
                .chain(reply -> {
                    boolean empty;
                    synchronized (writer) {
                        batch.forEach((item, count) -> {
                            if (count > 0) {
                                writer.written.put(item, count);
                            } else {
                                writer.written.remove(item);
                            }
                        });
                        empty = writer.written.isEmpty() && writer.pending.isEmpty();
                    }
                    crossings(scope, reply);
                    if (empty && writer.registered) {
                        return call(redis.send(Request.cmd(Command.SREM).arg(keys.scopes(node)).arg(scope)))
                                .invoke(() -> writer.registered = false).replaceWithVoid();
                    }
                    return Uni.createFrom().voidItem();
                })
                .subscribe().with(ok -> next(writer), failure -> {
                    LOG.debugf("occupancy write of %s failed, retrying: %s", scope, failure.getMessage());
                    synchronized (writer) {
                        batch.forEach(writer.pending::putIfAbsent); // newer counts win
                    }
                    vertx.setTimer(RETRY_MILLIS, t -> flush(writer));
                });
    }

    private void next(ScopeWriter writer) {
        synchronized (writer) {
            if (writer.pending.isEmpty()) {
                writer.inFlight = false;
                if (writer.written.isEmpty() && !writer.registered) {
                    writer.retired = true;
                    writers.remove(writer.scope, writer);
                }
                return;
            }
        }
        flush(writer);
    }

    private List<String> scopeKeys(String scope, String owner) {
        return List.of(keys.total(scope), keys.node(scope, owner), keys.generation(scope));
    }

    /** Tells the listeners what a script's crossings mean, occupations first and vacations last. */
    private void crossings(String scope, Response reply) {
        if (reply == null || reply.size() == 0) {
            return;
        }
        List<String> items = new ArrayList<>(reply.size());
        reply.forEach(r -> items.add(r.toString()));
        items.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        boolean channel = scope.startsWith(OccupancyKeys.CHANNEL);
        String name = scope.substring(2);
        for (String crossing : items) {
            boolean up = crossing.charAt(0) == '+';
            String item = crossing.substring(1);
            if (!channel) {
                listeners.forEach(l -> {
                    if (up) {
                        l.online(name);
                    } else {
                        l.offline(name);
                    }
                });
            } else if (item.startsWith(OccupancyKeys.USER)) {
                String user = item.substring(OccupancyKeys.USER.length());
                listeners.forEach(l -> {
                    if (up) {
                        l.joined(name, user);
                    } else {
                        l.left(name, user);
                    }
                });
            } else if (item.startsWith("s#")) {
                String generation = item.substring(2);
                if (up) {
                    index(name, generation);
                    listeners.forEach(l -> l.occupied(name));
                } else {
                    unindex(name, generation);
                    listeners.forEach(l -> l.vacated(name));
                }
            }
        }
    }

    private static int rank(String crossing) {
        boolean up = crossing.charAt(0) == '+';
        boolean subscriptions = crossing.startsWith("s#", 1);
        return up ? (subscriptions ? 0 : 1) : (subscriptions ? 3 : 2);
    }

    private void index(String channel, String generation) {
        call(redis.send(Request.cmd(Command.ZADD).arg(keys.index()).arg("GT").arg(generation).arg(channel)))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("occupancy index of %s: %s", channel, failure.getMessage()));
    }

    private void unindex(String channel, String generation) {
        call(OccupancyScripts.UNINDEX.run(redis, List.of(keys.index()), List.of(generation, channel)))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("occupancy unindex of %s: %s", channel, failure.getMessage()));
    }

    // --- this node's connections, for the node that finds it dead ---

    /** The node's open connections in Redis, written in batches (opens and closes), one batch in flight. */
    private final class ConnectionsWriter {
        private final Map<String, String> open = new HashMap<>(); // everything open, for a full rewrite
        private final Map<String, String> toAdd = new LinkedHashMap<>();
        private final List<String> toRemove = new ArrayList<>();
        private boolean inFlight;

        void opened(String client, String value) {
            boolean start;
            synchronized (this) {
                open.put(client, value);
                toAdd.put(client, value);
                start = !inFlight;
                inFlight = true;
            }
            if (start) {
                flush();
            }
        }

        void closed(String client) {
            boolean start;
            synchronized (this) {
                if (open.remove(client) == null) {
                    return;
                }
                if (toAdd.remove(client) == null) {
                    toRemove.add(client);
                }
                start = !inFlight;
                inFlight = true;
            }
            if (start) {
                flush();
            }
        }

        synchronized void rewriteAll() {
            toAdd.putAll(open);
        }

        private void flush() {
            Map<String, String> add;
            List<String> remove;
            synchronized (this) {
                if (toAdd.isEmpty() && toRemove.isEmpty()) {
                    inFlight = false;
                    return;
                }
                add = new LinkedHashMap<>(toAdd);
                remove = new ArrayList<>(toRemove);
                toAdd.clear();
                toRemove.clear();
            }
            String key = keys.connections(node);
            Uni<Response> write = Uni.createFrom().nullItem();
            if (!add.isEmpty()) {
                Request hset = Request.cmd(Command.HSET).arg(key);
                add.forEach((client, value) -> hset.arg(client).arg(value));
                write = write.chain(() -> call(redis.send(hset)));
            }
            if (!remove.isEmpty()) {
                Request hdel = Request.cmd(Command.HDEL).arg(key);
                remove.forEach(hdel::arg);
                write = write.chain(() -> call(redis.send(hdel)));
            }
            write.subscribe().with(ok -> flush(), failure -> {
                synchronized (this) {
                    add.forEach((client, value) -> {
                        if (open.containsKey(client)) {
                            toAdd.putIfAbsent(client, value);
                        }
                    });
                    toRemove.addAll(remove);
                }
                vertx.setTimer(RETRY_MILLIS, t -> flush());
            });
        }

        void kick() {
            boolean start;
            synchronized (this) {
                start = !inFlight;
                inFlight = true;
            }
            if (start) {
                flush();
            }
        }
    }

    // --- heartbeat and dead nodes ---

    private void tick() {
        long ttl = config.presenceTtl().toMillis();
        call(OccupancyScripts.HEARTBEAT.run(redis, List.of(keys.nodes()), List.of(node, Long.toString(ttl))))
                .invoke(added -> {
                    if (added.toInteger() == 1 && beating) {
                        rewriteAll();
                    }
                    beating = true;
                })
                .chain(() -> claim(CLAIMS_PER_TICK))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("occupancy heartbeat failed: %s", failure.getMessage()));
    }

    /** This node was taken for dead and its counts taken away: write them all again. */
    private void rewriteAll() {
        LOG.warnf("occupancy: node %s was taken for dead (cut off from Redis longer than the presence TTL); "
                + "writing its counts again", node);
        for (ScopeWriter writer : writers.values()) {
            boolean start;
            synchronized (writer) {
                writer.written.forEach(writer.pending::putIfAbsent);
                writer.written.clear();
                writer.registered = false;
                start = !writer.inFlight && !writer.pending.isEmpty();
                writer.inFlight |= start;
            }
            if (start) {
                flush(writer);
            }
        }
        connections.rewriteAll();
        connections.kick();
    }

    private Uni<Void> claim(int left) {
        if (left == 0) {
            return Uni.createFrom().voidItem();
        }
        long lease = config.presenceTtl().toMillis();
        return call(OccupancyScripts.CLAIM.run(redis, List.of(keys.nodes()), List.of(node, Long.toString(lease))))
                .chain(dead -> dead == null ? Uni.createFrom().voidItem()
                        : reap(dead.toString()).chain(() -> claim(left - 1)));
    }

    /** Takes a dead node's part away: its connections are reported lost, then what their going causes. */
    Uni<Void> reap(String dead) {
        LOG.infof("occupancy: node %s stopped its heartbeat; %s reports its connections and counts", dead, node);
        return call(OccupancyScripts.ENTRIES.run(redis, List.of(keys.connections(dead)), List.of())).invoke(all -> {
            if (all == null) {
                return;
            }
            for (int i = 0; i + 1 < all.size(); i += 2) {
                String client = all.get(i).toString();
                String value = all.get(i + 1).toString();
                int newline = value.indexOf('\n');
                String protocol = newline < 0 ? value : value.substring(0, newline);
                String user = newline < 0 ? null : value.substring(newline + 1);
                listeners.forEach(l -> l.connectionLost(client, user, protocol));
            }
        })
                .chain(() -> call(redis.send(Request.cmd(Command.DEL).arg(keys.connections(dead)))))
                .chain(() -> call(redis.send(Request.cmd(Command.SMEMBERS).arg(keys.scopes(dead)))))
                .chain(scopes -> {
                    List<String> names = new ArrayList<>();
                    if (scopes != null) {
                        scopes.forEach(s -> names.add(s.toString()));
                    }
                    return drop(dead, names, 0);
                })
                .chain(() -> call(redis.send(Request.cmd(Command.DEL).arg(keys.scopes(dead)))))
                .chain(() -> call(redis.send(Request.cmd(Command.ZREM).arg(keys.nodes()).arg(dead))))
                .replaceWithVoid();
    }

    private Uni<Void> drop(String dead, List<String> scopes, int i) {
        if (i == scopes.size()) {
            return Uni.createFrom().voidItem();
        }
        String scope = scopes.get(i);
        return call(OccupancyScripts.DROP.run(redis, scopeKeys(scope, dead), List.of()))
                .invoke(reply -> crossings(scope, reply))
                .chain(() -> drop(dead, scopes, i + 1));
    }

    private <T> Uni<T> call(Uni<T> request) {
        return RedisCalls.bounded(request, config.commandTimeout());
    }
}
