package dev.switchboard.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Unexpected server faults (a bug or a broken dependency, never a client's bad input): counted in
 * {@code switchboard_server_faults_total{where}} and logged with a rate limit, so a fault that repeats for every
 * connection or request cannot flood the log. The first occurrence of a cause (its exception class, where it
 * happened) is logged at WARN with its stack trace; repeats within {@link #QUIET_MILLIS} are only counted, and
 * the next line says how many were left out.
 */
@Singleton
public class ServerFaults {

    private static final Logger LOG = Logger.getLogger(ServerFaults.class);
    static final long QUIET_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Cause> causes = new ConcurrentHashMap<>();

    /** The log state of one cause: when it was last logged, and how many times since. */
    private static final class Cause {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }

    public ServerFaults(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a fault at {@code where} (a short fixed name, a metric label) and logs it within the rate limit. */
    public void record(String where, Throwable failure) {
        counters.computeIfAbsent(where, w -> Counter.builder("switchboard.server.faults")
                .description("unexpected server faults (bugs, broken dependencies), by where they happened")
                .tag("where", w).register(registry)).increment();
        Cause cause = causes.computeIfAbsent(where + "|" + failure.getClass().getName(), k -> new Cause());
        long now = System.currentTimeMillis();
        long last = cause.lastLogged.get();
        if (last != Long.MIN_VALUE && now - last < QUIET_MILLIS) {
            cause.suppressed.incrementAndGet();
            return;
        }
        if (!cause.lastLogged.compareAndSet(last, now)) {
            cause.suppressed.incrementAndGet();
            return;
        }
        long leftOut = cause.suppressed.getAndSet(0);
        LOG.warnf(failure, "unexpected fault in %s%s", where,
                leftOut == 0 ? "" : " (" + leftOut + " more of this kind in the last minute, not logged)");
    }
}
