package dev.switchboard.ops;

import java.lang.management.ManagementFactory;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import dev.switchboard.broker.Broker;
import dev.switchboard.node.NodeInfo;

/** Started once the application is up (CDI beans created, endpoints registered): it answers at all. */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    private final NodeInfo node;
    private final Broker broker;

    public StartupCheck(NodeInfo node, Broker broker) {
        this.node = node;
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("switchboard")
                .up()
                .withData("node", node.name())
                .withData("version", node.version())
                .withData("broker", broker.describeState())
                .withData("uptimeMillis", ManagementFactory.getRuntimeMXBean().getUptime())
                .build();
    }
}
