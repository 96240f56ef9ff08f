package dev.switchboard.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.switchboard.broker.Broker;
import dev.switchboard.channel.Hub;
import dev.switchboard.connection.ConnectionCapacity;
import dev.switchboard.connection.ConnectionRegistry;

/**
 * Ready when the broker can serve requests, the node is not draining and not full; the data shows the node's load and
 * state for whoever looks.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final Broker broker;
    private final ConnectionRegistry connections;
    private final Hub hub;
    private final DrainState drain;
    private final ConnectionCapacity capacity;

    public ReadinessCheck(Broker broker, ConnectionRegistry connections, Hub hub, DrainState drain,
            ConnectionCapacity capacity) {
        this.capacity = capacity;
        this.broker = broker;
        this.connections = connections;
        this.hub = hub;
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        // Full (switchboard.limits.max-connections): not ready, so a load balancer sends new clients elsewhere;
        // liveness stays UP, and the probes and the API still answer (file descriptors are kept for them).
        boolean full = capacity.full();
        return HealthCheckResponse.named("switchboard")
                .status(broker.isReady() && !drain.isDraining() && !full)
                .withData("full", full)
                .withData("maxConnections", capacity.max())
                .withData("broker", broker.describeState())
                .withData("brokerReady", broker.isReady())
                .withData("draining", drain.isDraining())
                .withData("drainingMillis", drain.millisDraining())
                .withData("connections", connections.size())
                .withData("subscriptions", hub.subscriptionCount())
                .withData("channels", hub.channelCount())
                .build();
    }
}
