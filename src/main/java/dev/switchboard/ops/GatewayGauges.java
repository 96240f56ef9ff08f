package dev.switchboard.ops;

import jakarta.inject.Singleton;

import dev.switchboard.channel.Hub;
import dev.switchboard.connection.ConnectionRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The node's current load as gauges, read from the connection table and the hub when Prometheus scrapes (nothing
 * is counted on the hot path for them).
 */
@Singleton
@Startup
public class GatewayGauges {

    public GatewayGauges(MeterRegistry registry, ConnectionRegistry connections, Hub hub, DrainState drain) {
        Gauge.builder("switchboard.connections", connections, ConnectionRegistry::size)
                .description("open client connections on this node, every protocol")
                .register(registry);
        Gauge.builder("switchboard.subscriptions", hub, Hub::subscriptionCount)
                .description("channel subscriptions of this node's connections")
                .register(registry);
        Gauge.builder("switchboard.channels", hub, Hub::channelCount)
                .description("channels with at least one subscriber on this node")
                .register(registry);
        Gauge.builder("switchboard.draining", drain, d -> d.isDraining() ? 1 : 0)
                .description("1 while this node drains its connections before shutting down")
                .register(registry);
    }
}
