package dev.switchboard.metrics;

import io.micrometer.core.instrument.Counter;

/**
 * The two counters of one frame type in one direction of one protocol: frames and their payload bytes. Built
 * once at start-up ({@link ConnectionMetrics#frames}); the hot path only increments it.
 */
public final class FrameCounter {

    private final Counter frames;
    private final Counter bytes;
    private final Counter also; // may be null

    FrameCounter(Counter frames, Counter bytes, Counter also) {
        this.frames = frames;
        this.bytes = bytes;
        this.also = also;
    }

    /** The same counters, and {@code also} besides (e.g. errors by code for error frames). */
    public FrameCounter alsoCounting(Counter also) {
        return new FrameCounter(frames, bytes, also);
    }

    public void record(int payloadBytes) {
        frames.increment();
        bytes.increment(payloadBytes);
        if (also != null) {
            also.increment();
        }
    }
}
