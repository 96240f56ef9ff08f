package dev.switchboard.metrics;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Faults of the server itself that it survived: each should be zero; alert on any increase. */
@Singleton
@Startup // the series exists at 0 from the start
public class FaultMetrics {

    private final Counter deliveryFailures;

    public FaultMetrics(MeterRegistry registry) {
        deliveryFailures = Counter.builder("switchboard.delivery.failures")
                .description("deliveries of a channel event to one subscriber that failed (the others still got it)")
                .register(registry);
    }

    public void deliveryFailed() {
        deliveryFailures.increment();
    }
}
