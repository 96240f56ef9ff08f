package dev.switchboard.model;

/** The top of a channel's stream: its epoch and the offset of its newest publication (0 if none yet). */
public record StreamPosition(String epoch, long offset) {
}
