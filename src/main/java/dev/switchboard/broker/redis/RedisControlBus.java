package dev.switchboard.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.switchboard.broker.ControlBus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;

/**
 * The control bus over Redis: messages on the control topic (received through the broker's own fan-out, so
 * sharded Pub/Sub on Redis Cluster), nodes in a sorted set scored by when each last announced itself.
 */
final class RedisControlBus implements ControlBus {

    /** KEYS: nodes. ARGV: node. Scores it with the Redis time, and forgets nodes silent for an hour. */
    private static final LuaScript ANNOUNCE = new LuaScript("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now, ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 3600000)
            return 1
            """);

    /** KEYS: nodes. ARGV: window ms. Returns {name, ms since its announcement, ...}. */
    private static final LuaScript NODES = new LuaScript("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local found = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf', 'WITHSCORES')
            local out = {}
            for i = 1, #found, 2 do
              out[#out + 1] = found[i]
              out[#out + 1] = string.format('%d', now - tonumber(found[i + 1]))
            end
            return out
            """);

    private static final LuaScript WITHDRAW = new LuaScript("""
            return redis.call('ZREM', KEYS[1], ARGV[1])
            """);

    private final Redis redis;
    private final RedisKeys keys;
    private final String publishCommand;
    private final Duration timeout;
    private volatile Consumer<String> handler = message -> {
    };

    RedisControlBus(Redis redis, RedisKeys keys, String publishCommand, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.publishCommand = publishCommand;
        this.timeout = timeout;
    }

    /** A message that arrived on the control topic. */
    void deliver(String message) {
        handler.accept(message);
    }

    @Override
    public void onMessage(Consumer<String> handler) {
        this.handler = handler;
    }

    @Override
    public Uni<Void> broadcast(String message) {
        return call(StreamScripts.NOTIFY.run(redis, List.of(keys.controlNodes()),
                List.of(publishCommand, keys.controlTopic(), message))).replaceWithVoid();
    }

    @Override
    public Uni<Void> announce(String node) {
        return call(ANNOUNCE.run(redis, List.of(keys.controlNodes()), List.of(node))).replaceWithVoid();
    }

    @Override
    public Uni<Map<String, Long>> nodes(Duration within) {
        return call(NODES.run(redis, List.of(keys.controlNodes()), List.of(Long.toString(within.toMillis()))))
                .map(reply -> {
                    Map<String, Long> nodes = new TreeMap<>();
                    for (int i = 0; i + 1 < reply.size(); i += 2) {
                        nodes.put(reply.get(i).toString(), Long.parseLong(reply.get(i + 1).toString()));
                    }
                    return nodes;
                });
    }

    @Override
    public Uni<Void> withdraw(String node) {
        return call(WITHDRAW.run(redis, List.of(keys.controlNodes()), List.of(node))).replaceWithVoid();
    }

    private Uni<Response> call(Uni<Response> request) {
        return RedisCalls.bounded(request, timeout);
    }
}
