package dev.switchboard.broker;

import dev.switchboard.model.Position;

/**
 * What part of a stream to read. With {@code since}: the publications after it, oldest first, at most
 * {@code limit}. Without: the newest {@code limit} publications, oldest first.
 */
public record HistoryQuery(Position since, int limit) {

    /** Everything after {@code since} that the history still holds: what recovery needs. */
    public static HistoryQuery recovery(Position since) {
        return new HistoryQuery(since, Integer.MAX_VALUE);
    }

    /** The newest publication only (none if the history is empty): the current state for a new subscriber. */
    public static HistoryQuery newest() {
        return new HistoryQuery(null, 1);
    }

    /** Only the stream's current position. */
    public static HistoryQuery positionOnly() {
        return new HistoryQuery(null, 0);
    }
}
