package dev.switchboard.broker;

import java.time.Duration;

import dev.switchboard.broker.redis.RedisBrokerConfig;

/**
 * The Redis broker's settings for the tests that make brokers, presence and occupancy stores themselves: a key
 * prefix and the presence timing are the test's, the rest is short enough for tests (a 2 s command timeout, a
 * 200 ms health check).
 */
record TestRedisConfig(String prefix, Duration presenceTtl, Duration presenceRefresh) implements RedisBrokerConfig {

    /** Prefix {@code test}, presence as the node's defaults (30 s TTL, refreshed every 10 s). */
    static final TestRedisConfig DEFAULT = new TestRedisConfig("test", Duration.ofSeconds(30), Duration.ofSeconds(10));

    @Override
    public Duration streamTtl() {
        return Duration.ofMinutes(10);
    }

    @Override
    public Duration commandTimeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Duration checkInterval() {
        return Duration.ofMillis(200);
    }
}
