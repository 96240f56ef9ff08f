package dev.switchboard.broker.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.switchboard.model.ClientInfo;
import dev.switchboard.presence.PresenceCounts;
import dev.switchboard.presence.PresenceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;

/**
 * Presence in Redis, shared by every node: per channel, a hash of client entries and a sorted set of their
 * expiry times ({@link PresenceScripts}). Each node refreshes the entries of its own clients, so a node that dies
 * leaves no ghosts: its entries expire after {@code switchboard.redis.presence-ttl}.
 */
public final class RedisPresence implements PresenceStore {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class);

    private final Redis redis;
    private final Vertx vertx;
    private final RedisBrokerConfig config;
    private final RedisKeys keys;
    private final PresenceRegistry own = new PresenceRegistry();
    private long refreshTimer = -1;

    public RedisPresence(Redis redis, Vertx vertx, RedisBrokerConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.keys = new RedisKeys(config.prefix());
    }

    /** Starts refreshing this node's entries. */
    public void start() {
        refreshTimer = vertx.setPeriodic(Math.max(1, config.presenceRefresh().toMillis()), id -> refresh());
    }

    public void stop() {
        vertx.cancelTimer(refreshTimer);
    }

    @Override
    public Uni<Void> add(String channel, ClientInfo client) {
        own.add(channel, client.client());
        return call(PresenceScripts.ADD.run(redis, keys(channel),
                List.of(Long.toString(config.presenceTtl().toMillis()), client.client(), ClientJson.encode(client),
                        client.user() == null ? "" : client.user())))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> remove(String channel, String clientId) {
        own.remove(channel, clientId);
        return call(PresenceScripts.REMOVE.run(redis, keys(channel), List.of(clientId))).replaceWithVoid();
    }

    @Override
    public Uni<List<ClientInfo>> clients(String channel) {
        return call(PresenceScripts.READ.run(redis, keys(channel), List.of())).map(reply -> {
            List<ClientInfo> clients = new ArrayList<>(reply.size());
            for (Response item : reply) {
                clients.add(ClientJson.decode(item.toString()));
            }
            return clients;
        });
    }

    /** Computed in Redis from the per-user index: one entry per user, not the whole member set. */
    @Override
    public Uni<List<ClientInfo>> users(String channel) {
        return call(PresenceScripts.USERS.run(redis, keys(channel), List.of())).map(reply -> {
            List<ClientInfo> users = new ArrayList<>(reply.size());
            for (Response item : reply) {
                users.add(ClientJson.decode(item.toString()));
            }
            return users;
        });
    }

    /** Two counters read in Redis. */
    @Override
    public Uni<PresenceCounts> counts(String channel) {
        return call(PresenceScripts.COUNTS.run(redis, keys(channel), List.of()))
                .map(reply -> new PresenceCounts(reply.get(0).toInteger(), reply.get(1).toInteger()));
    }

    /** Pushes the expiry of this node's clients' presence entries forward. */
    private void refresh() {
        String ttl = Long.toString(config.presenceTtl().toMillis());
        for (Map.Entry<String, List<String>> entry : own.snapshot().entrySet()) {
            List<String> args = new ArrayList<>(entry.getValue().size() + 1);
            args.add(ttl);
            args.addAll(entry.getValue());
            call(PresenceScripts.REFRESH.run(redis, keys(entry.getKey()), args)).subscribe().with(ok -> {
            }, failure -> LOG.debugf("presence refresh of %s failed: %s", entry.getKey(), failure.getMessage()));
        }
    }

    private <T> Uni<T> call(Uni<T> request) {
        return RedisCalls.bounded(request, config.commandTimeout());
    }

    private List<String> keys(String channel) {
        return List.of(keys.presenceExpiry(channel), keys.presenceInfo(channel), keys.presenceUsers(channel),
                keys.presenceByUser(channel));
    }
}
