package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency samples in microseconds. Writers on any event-loop thread record without locks (HdrHistogram's
 * Recorder); {@link #restart()} throws away what warm-up recorded, {@link #snapshot()} ends the window.
 */
final class Latency {
    private static final long MAX_MICROS = 600_000_000L; // ten minutes, beyond any sane delivery delay
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        recorder.recordValue(Math.min(micros, MAX_MICROS));
    }

    void restart() {
        recorder.getIntervalHistogram();
    }

    Histogram snapshot() {
        return recorder.getIntervalHistogram();
    }

    /** Percentiles in milliseconds, the unit the report uses. */
    static JsonObject percentilesMillis(Histogram h) {
        return new JsonObject()
                .put("samples", h.getTotalCount())
                .put("p50", ms(h.getValueAtPercentile(50)))
                .put("p90", ms(h.getValueAtPercentile(90)))
                .put("p99", ms(h.getValueAtPercentile(99)))
                .put("p999", ms(h.getValueAtPercentile(99.9)))
                .put("max", ms(h.getMaxValue()))
                .put("mean", ms((long) h.getMean()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
