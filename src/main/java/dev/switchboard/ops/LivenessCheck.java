package dev.switchboard.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.vertx.core.Vertx;

/**
 * Alive while the event loops answer: a timer scheduled on Vert.x has fired recently. A node whose event loops
 * are stuck cannot serve WebSockets and should be restarted. Draining does not make it DOWN (a restart would cut
 * the drain short); the data says whether the node is draining, for whoever looks.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private static final long STALL_NANOS = 10_000_000_000L;

    private volatile long lastTickNanos = System.nanoTime();

    private final DrainState drain;

    public LivenessCheck(Vertx vertx, DrainState drain) {
        this.drain = drain;
        vertx.setPeriodic(1000, id -> lastTickNanos = System.nanoTime());
    }

    @Override
    public HealthCheckResponse call() {
        long sinceTickMillis = (System.nanoTime() - lastTickNanos) / 1_000_000;
        return HealthCheckResponse.named("event-loop")
                .status(sinceTickMillis * 1_000_000 < STALL_NANOS)
                .withData("millisSinceLastTick", sinceTickMillis)
                .withData("draining", drain.isDraining())
                .build();
    }
}
