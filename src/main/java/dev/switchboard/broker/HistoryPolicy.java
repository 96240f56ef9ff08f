package dev.switchboard.broker;

import java.time.Duration;

/** How much of a channel's stream a broker retains: at most {@code size} publications, none older than {@code ttl}. */
public record HistoryPolicy(int size, Duration ttl) {
    public static final HistoryPolicy NONE = new HistoryPolicy(0, Duration.ZERO);

    public boolean retains() {
        return size > 0 && !ttl.isZero() && !ttl.isNegative();
    }
}
