package dev.switchboard.presence;

/** How many connections and how many distinct users (anonymous connections not counted) are in a channel. */
public record PresenceCounts(int clients, int users) {
}
