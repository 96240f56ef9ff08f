package dev.switchboard.connection;

import dev.switchboard.metrics.FrameCounter;

/**
 * A frame ready for the wire: its payload (shared between connections when it is a fan-out; never modified),
 * whether it is a binary or a text frame, and the counter it is recorded in once written.
 */
public record OutboundFrame(byte[] payload, boolean binary, FrameCounter counter) {
}
