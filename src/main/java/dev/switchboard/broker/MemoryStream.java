package dev.switchboard.broker;

import dev.switchboard.model.StreamPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.switchboard.model.Publication;

/**
 * One channel's stream in memory: epoch, top offset and a bounded window of recent publications. Not thread-safe
 * on its own; {@link MemoryBroker} serialises access per stream.
 */
final class MemoryStream {

    private record Entry(Publication publication, long expiresAtNanos) {
    }

    private final String epoch = Epochs.next();
    private final ArrayDeque<Entry> window = new ArrayDeque<>();
    private long top;
    private long lastPublishNanos = System.nanoTime();

    long lastPublishNanos() {
        return lastPublishNanos;
    }

    StreamPosition position() {
        return new StreamPosition(epoch, top);
    }

    /** The next offset; the caller builds the publication with it and then calls {@link #append}. */
    long nextOffset() {
        return top + 1;
    }

    void append(Publication publication, HistoryPolicy policy, long nowNanos) {
        top = publication.offset();
        lastPublishNanos = nowNanos;
        if (!policy.retains()) {
            window.clear();
            return;
        }
        window.addLast(new Entry(publication, nowNanos + policy.ttl().toNanos()));
        while (window.size() > policy.size()) {
            window.removeFirst();
        }
    }

    HistoryResult read(HistoryQuery query, long nowNanos) {
        expire(nowNanos);
        StreamPosition position = position();
        if (query.since() == null) {
            return new HistoryResult(position, newest(query.limit()), false);
        }
        long after = query.since().offset();
        boolean sameStream = epoch.equals(query.since().epoch()) && after <= top;
        if (!sameStream) {
            return new HistoryResult(position, List.of(), false);
        }
        // Continuous when nothing between 'since' and the oldest retained publication was lost.
        long oldestRetained = window.isEmpty() ? top + 1 : window.peekFirst().publication().offset();
        boolean continuous = after + 1 >= oldestRetained;
        List<Publication> result = new ArrayList<>();
        for (Entry e : window) {
            if (result.size() >= query.limit()) {
                break;
            }
            if (e.publication().offset() > after) {
                result.add(e.publication());
            }
        }
        return new HistoryResult(position, result, continuous);
    }

    boolean isEmpty(long nowNanos) {
        expire(nowNanos);
        return window.isEmpty();
    }

    private List<Publication> newest(int limit) {
        int skip = Math.max(0, window.size() - limit);
        List<Publication> result = new ArrayList<>(Math.min(limit, window.size()));
        Iterator<Entry> it = window.iterator();
        for (int i = 0; it.hasNext(); i++) {
            Entry e = it.next();
            if (i >= skip) {
                result.add(e.publication());
            }
        }
        return result;
    }

    private void expire(long nowNanos) {
        while (!window.isEmpty() && window.peekFirst().expiresAtNanos() - nowNanos <= 0) {
            window.removeFirst();
        }
    }

}
