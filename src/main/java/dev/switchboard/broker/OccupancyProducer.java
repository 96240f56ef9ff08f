package dev.switchboard.broker;

import java.util.UUID;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.broker.redis.RedisBrokerConfig;
import dev.switchboard.broker.redis.RedisOccupancy;
import dev.switchboard.presence.MemoryOccupancy;
import dev.switchboard.presence.Occupancy;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/** The cluster-wide occupancy that goes with the broker: this node's memory, or Redis for scale-out. */
public class OccupancyProducer {

    @Produces
    @Singleton
    Occupancy occupancy(SwitchboardConfig config, Vertx vertx, Instance<Redis> redis, RedisBrokerConfig redisConfig) {
        if (!"redis".equals(config.broker())) {
            return new MemoryOccupancy();
        }
        // A process of its own in the node table: a node restarted under the same name is a new one, and the
        // old one's counts are taken away when its heartbeat runs out.
        String node = config.nodeName().orElse("node") + "-" + UUID.randomUUID().toString().substring(0, 8);
        RedisOccupancy occupancy = new RedisOccupancy(redis.get(), vertx, redisConfig, node);
        occupancy.start();
        return occupancy;
    }

    void close(@Disposes Occupancy occupancy) {
        if (occupancy instanceof RedisOccupancy redis) {
            redis.stop();
        }
    }
}
