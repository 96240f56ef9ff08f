package dev.switchboard.model.delta;

/**
 * The publication a delta is made against: the channel's previous publication (offset {@code offset}, exactly one
 * before the event's own) and its data as {@link DeltaEncodings#DATA_TEXT}. Holds the bytes, not the event, so a
 * channel's events never form a chain that keeps old ones alive.
 */
public record DeltaBase(long offset, byte[] text) {
}
