package dev.switchboard.broker;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.broker.redis.RedisBroker;
import dev.switchboard.broker.redis.RedisBrokerConfig;
import dev.switchboard.broker.redis.RedisPresence;
import dev.switchboard.broker.redis.ShardClients;
import dev.switchboard.presence.MemoryPresence;
import dev.switchboard.presence.MeteredPresence;
import dev.switchboard.presence.PresenceStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/**
 * Chooses the engine named by {@code switchboard.broker}: the broker and the presence store that goes with it
 * (memory for one node, Redis for scale-out).
 */
public class BrokerProducer {

    /**
     * The Redis client is looked up only for the Redis broker: with the memory broker and no
     * {@code quarkus.redis.hosts}, the Quarkus Redis client stays inactive and never connects.
     */
    @Produces
    @Singleton
    @Startup
    Broker broker(SwitchboardConfig config, Vertx vertx, Instance<Redis> redis, RedisBrokerConfig redisConfig,
            MeterRegistry registry) {
        Broker chosen = switch (config.broker()) {
            case "memory" -> {
                MemoryBroker broker = new MemoryBroker();
                vertx.setPeriodic(60_000, id -> broker.forgetIdleStreams());
                yield broker;
            }
            case "redis" -> {
                var settings = ConfigProvider.getConfig();
                if (settings.getOptionalValue("quarkus.redis.hosts", String.class).isEmpty()
                        && settings.getOptionalValue("quarkus.redis.hosts-provider-name", String.class).isEmpty()) {
                    throw new IllegalArgumentException(
                            "switchboard.broker=redis needs quarkus.redis.hosts (e.g. redis://localhost:6379)");
                }
                boolean cluster = settings.getOptionalValue("quarkus.redis.client-type", String.class)
                        .map("cluster"::equalsIgnoreCase).orElse(false);
                // Redis Cluster: sharded Pub/Sub, one connection per primary, made with the hosts' credentials
                RedisBroker broker = new RedisBroker(redis.get(), vertx, redisConfig, !cluster ? null
                        : new ShardClients(vertx, settings.getValue("quarkus.redis.hosts", String.class).split(",")[0],
                                settings.getOptionalValue("quarkus.redis.password", String.class)));
                broker.start();
                yield broker;
            }
            default -> throw new IllegalArgumentException(
                    "switchboard.broker must be 'memory' or 'redis', not '" + config.broker() + "'");
        };
        return new MeteredBroker(chosen, registry); // operation timers for /q/metrics
    }

    /** The nodes' control channel: over the Redis broker's Redis, or this node alone with the memory broker. */
    @Produces
    @Singleton
    ControlBus control(Broker broker) {
        Broker inner = broker instanceof MeteredBroker metered ? metered.delegate() : broker;
        return inner instanceof RedisBroker redisBroker ? redisBroker.control() : new LocalControlBus();
    }

    @Produces
    @Singleton
    PresenceStore presence(SwitchboardConfig config, Vertx vertx, Instance<Redis> redis, RedisBrokerConfig redisConfig,
            MeterRegistry registry) {
        PresenceStore chosen;
        if ("redis".equals(config.broker())) {
            RedisPresence presence = new RedisPresence(redis.get(), vertx, redisConfig);
            presence.start();
            chosen = presence;
        } else {
            chosen = new MemoryPresence();
        }
        return new MeteredPresence(chosen, registry);
    }

    void close(@Disposes PresenceStore presence) {
        if (presence instanceof MeteredPresence metered && metered.delegate() instanceof RedisPresence redis) {
            redis.stop();
        }
    }

    void close(@Disposes Broker broker) {
        Broker inner = broker instanceof MeteredBroker metered ? metered.delegate() : broker;
        if (inner instanceof RedisBroker redisBroker) {
            redisBroker.stop();
        }
    }
}
