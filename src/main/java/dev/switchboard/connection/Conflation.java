package dev.switchboard.connection;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.metrics.FrameCounter;
import dev.switchboard.model.ChannelEvent;

/**
 * The publications a conflating connection holds back while its socket is not taking bytes fast enough: one per
 * channel, the newest, with how many older ones of its channel it replaced. Protocol-neutral (the face's
 * {@link ConflatedEncoding} writes a replacement's skip count); created at a connection's first hold, dropped
 * when all is written. Event loop only.
 */
final class Conflation {

    /** One held publication: its shared frame, unless it replaced others ({@code skipped} > 0). */
    static final class Held {
        ChannelEvent event;
        WireFrame frame;
        int plainLength;
        int skipped;
        final boolean binary;
        final FrameCounter counter;
        ConflatedEncoding whole;

        Held(ChannelEvent event, WireFrame frame, int plainLength, boolean binary, FrameCounter counter,
                ConflatedEncoding whole) {
            this.event = event;
            this.frame = frame;
            this.plainLength = plainLength;
            this.binary = binary;
            this.counter = counter;
            this.whole = whole;
        }

        /** A replacement's bytes: the face's form of the newest publication with how many it replaced. */
        byte[] replacement() {
            return whole.encode(event, skipped);
        }
    }

    private final Map<String, Held> byChannel = new LinkedHashMap<>();
    private long lastProgressNanos;

    Conflation(long startNanos) {
        this.lastProgressNanos = startNanos;
    }

    /** When the connection started holding publications, or last wrote some of them. */
    long lastProgressNanos() {
        return lastProgressNanos;
    }

    void progressed(long nowNanos) {
        lastProgressNanos = nowNanos;
    }

    boolean holds(String channel) {
        return byChannel.containsKey(channel);
    }

    boolean isEmpty() {
        return byChannel.isEmpty();
    }

    int size() {
        return byChannel.size();
    }

    /** Holds a publication; true if it replaced an older one of its channel. */
    boolean hold(Held next) {
        Held old = byChannel.get(next.event.channel());
        if (old == null) {
            byChannel.put(next.event.channel(), next);
            return false;
        }
        old.skipped += 1 + next.skipped;
        old.event = next.event;
        old.frame = next.frame;
        old.plainLength = next.plainLength;
        old.whole = next.whole;
        return true;
    }

    /** The held publications in the order their channels were first held. */
    Iterator<Held> iterator() {
        return byChannel.values().iterator();
    }
}
