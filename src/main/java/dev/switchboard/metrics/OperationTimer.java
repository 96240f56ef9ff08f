package dev.switchboard.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * The timers of one broker or presence operation ({@code switchboard_broker_operation_seconds}), success and
 * failure. The clock starts when the operation is called (the memory implementations do their work right there)
 * and stops when its Uni completes.
 */
public final class OperationTimer {

    /** Buckets from 100 us to 1 s: loopback Redis answers in ~100 us, a struggling one in hundreds of ms. */
    public static final Duration[] SLO = slo(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1);

    private final Timer success;
    private final Timer failure;

    public OperationTimer(MeterRegistry registry, String operation) {
        this.success = timer(registry, operation, "success");
        this.failure = timer(registry, operation, "failure");
    }

    private static Timer timer(MeterRegistry registry, String operation, String outcome) {
        return Timer.builder("switchboard.broker.operation")
                .description("broker and presence operation latency, from the call to its completion")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .serviceLevelObjectives(SLO)
                .register(registry);
    }

    /** Times {@code operation}, started at {@code startNanos}, when it completes. */
    public <T> Uni<T> time(Uni<T> operation, long startNanos) {
        return operation.onItemOrFailure().invoke((item, error) -> (error == null ? success : failure)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS));
    }

    private static Duration[] slo(double... seconds) {
        Duration[] buckets = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            buckets[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
        }
        return buckets;
    }
}
