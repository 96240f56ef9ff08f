package dev.switchboard.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.switchboard.broker.Broker;
import dev.switchboard.channel.Hub;
import dev.switchboard.gateway.SessionRegistry;

/** Ready when the broker can serve requests; the data shows the node's load for whoever looks. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final Broker broker;
    private final SessionRegistry sessions;
    private final Hub hub;

    public ReadinessCheck(Broker broker, SessionRegistry sessions, Hub hub) {
        this.broker = broker;
        this.sessions = sessions;
        this.hub = hub;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("switchboard")
                .status(broker.isReady())
                .withData("broker", broker.describeState())
                .withData("connections", sessions.size())
                .withData("channels", hub.channelCount())
                .build();
    }
}
