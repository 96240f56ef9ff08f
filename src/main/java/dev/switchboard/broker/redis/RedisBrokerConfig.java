package dev.switchboard.broker.redis;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code switchboard.redis.*}: how the Redis broker ({@code switchboard.broker=redis}) uses Redis. Where Redis is
 * (hosts, Sentinel, Cluster, TLS, password) is the standard {@code quarkus.redis.*} configuration.
 */
@ConfigMapping(prefix = "switchboard.redis")
public interface RedisBrokerConfig {

    /** Prefix of every key and Pub/Sub channel name, so that several deployments can share one Redis. */
    @WithDefault("switchboard")
    String prefix();

    /**
     * How long a stream's epoch and offset outlive its last publication (at least the history TTL). After that
     * the stream starts again with a new epoch and offset 0, like a stream the memory broker forgot.
     */
    @WithDefault("24h")
    Duration streamTtl();

    /** A client whose node stopped refreshing its presence entry disappears from presence after this long. */
    @WithDefault("30s")
    Duration presenceTtl();

    /** How often each node refreshes the presence entries of its own clients; well below the TTL. */
    @WithDefault("10s")
    Duration presenceRefresh();

    /** A Redis command without an answer after this long fails (and the publish is not acknowledged). */
    @WithDefault("5s")
    Duration commandTimeout();

    /** How often the node checks Redis (readiness) and, while it is unreachable, tries to reconnect. */
    @WithDefault("1s")
    Duration checkInterval();
}
