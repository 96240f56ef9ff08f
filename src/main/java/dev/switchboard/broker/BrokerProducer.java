package dev.switchboard.broker;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/** Chooses the broker named by {@code switchboard.broker}. */
public class BrokerProducer {

    @Produces
    @Singleton
    @Startup
    Broker broker(SwitchboardConfig config, Vertx vertx) {
        return switch (config.broker()) {
            case "memory" -> {
                MemoryBroker broker = new MemoryBroker();
                vertx.setPeriodic(60_000, id -> broker.forgetIdleStreams());
                yield broker;
            }
            default -> throw new IllegalArgumentException(
                    "switchboard.broker must be 'memory' (redis arrives with the scale-out work), not '"
                            + config.broker() + "'");
        };
    }
}
