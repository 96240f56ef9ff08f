package dev.switchboard.ops;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Singleton;

/**
 * Whether this node is draining: set once, at the start of a graceful shutdown, and read by the readiness
 * check, the upgrade check and the metrics. A plain flag of its own so that its readers need nothing else.
 */
@Singleton
public class DrainState {

    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile long startedNanos;

    /** Marks the node as draining; true only for the call that started the drain. */
    boolean start() {
        if (draining.compareAndSet(false, true)) {
            startedNanos = System.nanoTime();
            return true;
        }
        return false;
    }

    public boolean isDraining() {
        return draining.get();
    }

    /** Milliseconds since the drain started; 0 when not draining. */
    public long millisDraining() {
        return isDraining() ? (System.nanoTime() - startedNanos) / 1_000_000 : 0;
    }
}
