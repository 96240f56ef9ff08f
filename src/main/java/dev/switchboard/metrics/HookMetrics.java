package dev.switchboard.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of the back-end hooks: each proxy call's latency (a histogram) and outcome
 * ({@code switchboard_hook_calls_total{hook,outcome}}), and the event stream's queued, sent, failed (POSTs that
 * will be retried) and dropped (queue full) counts and its queue length.
 */
@Singleton
public class HookMetrics {

    /** How a proxy call ended. */
    public enum Outcome {
        /** The back end answered {@code result}. */
        ALLOWED,
        /** The back end answered {@code error}. */
        REFUSED,
        TIMEOUT,
        /** A status other than 200 (5xx, 404...). */
        BAD_STATUS,
        /** A 200 whose body is not the JSON the hook expects. */
        BAD_RESPONSE,
        /** No connection to the back end. */
        UNREACHABLE;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final AtomicInteger queued = new AtomicInteger();
    private final Counter eventsQueued;
    private final Counter eventsSent;
    private final Counter eventsDropped;
    private final Counter batchesFailed;

    public HookMetrics(MeterRegistry registry) {
        this.registry = registry;
        eventsQueued = Counter.builder("switchboard.hook.events.queued")
                .description("events taken into the node's event queue").register(registry);
        eventsSent = Counter.builder("switchboard.hook.events.sent")
                .description("events the back end acknowledged (a 2xx answer to their batch)").register(registry);
        eventsDropped = Counter.builder("switchboard.hook.events.dropped")
                .description("events not queued because the queue was full (lost)").register(registry);
        batchesFailed = Counter.builder("switchboard.hook.events.failed")
                .description("event POSTs that failed and will be retried").register(registry);
        Gauge.builder("switchboard.hook.events.pending", queued, AtomicInteger::get)
                .description("events waiting in the queue or in a batch being delivered").register(registry);
    }

    /** Records one proxy call of {@code hook} (connect, subscribe, publish, rpc). */
    public void call(String hook, Outcome outcome, Duration took) {
        // Looked up per call: a proxy call is an HTTP round trip, the registry's lookup is noise beside it.
        Timer.builder("switchboard.hook.duration")
                .description("time from sending a proxy request to its outcome, by hook")
                .tag("hook", hook)
                .publishPercentileHistogram()
                .register(registry).record(took);
        Counter.builder("switchboard.hook.calls")
                .description("proxy calls by hook and outcome")
                .tag("hook", hook).tag("outcome", outcome.tag())
                .register(registry).increment();
    }

    public void eventQueued() {
        eventsQueued.increment();
        queued.incrementAndGet();
    }

    public void eventDropped() {
        eventsDropped.increment();
    }

    public void eventsSent(int count) {
        eventsSent.increment(count);
        queued.addAndGet(-count);
    }

    public void batchFailed() {
        batchesFailed.increment();
    }
}
