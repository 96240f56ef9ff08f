package dev.switchboard.hooks.events;

import java.time.Duration;

/**
 * How one event output delivers: its queue's bound, the most events per POST, how long a POST may take, and the
 * retry backoff (doubled from {@code minBackoff} up to {@code maxBackoff}, with jitter).
 */
public record OutputSettings(int queueSize, int batchSize, Duration timeout, Duration minBackoff,
        Duration maxBackoff) {
}
