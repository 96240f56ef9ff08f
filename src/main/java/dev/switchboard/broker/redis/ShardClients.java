package dev.switchboard.broker.redis;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Standalone clients for single Redis Cluster nodes ({@code host:port} as {@code CLUSTER SLOTS} names them), for
 * the sharded Pub/Sub connections. They take the scheme ({@code redis} or {@code rediss}) and the credentials of
 * the first configured host, and {@code quarkus.redis.password} when set, so a password-protected or TLS cluster
 * works without more configuration.
 */
public final class ShardClients implements Function<String, Redis> {

    private final Vertx vertx;
    private final String scheme;
    private final String userInfo;
    private final Optional<String> password;

    public ShardClients(Vertx vertx, String firstHost, Optional<String> password) {
        this.vertx = vertx;
        URI uri = URI.create(firstHost.trim());
        this.scheme = uri.getScheme() == null ? "redis" : uri.getScheme();
        this.userInfo = uri.getRawUserInfo();
        this.password = password;
    }

    @Override
    public Redis apply(String endpoint) {
        String uri = scheme + "://" + (userInfo == null ? "" : userInfo + "@") + endpoint;
        RedisOptions options = new RedisOptions().setConnectionString(uri).setMaxPoolSize(2).setMaxPoolWaiting(16);
        password.ifPresent(options::setPassword);
        return Redis.newInstance(io.vertx.redis.client.Redis.createClient(vertx, options));
    }
}
