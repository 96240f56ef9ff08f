package dev.switchboard.channel;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.model.ChannelEvent;

/**
 * The exactly-once rule of PROTOCOL.md for one subscriber. A subscriber joins the hub first, then reads history;
 * until {@link #activate} the hub's publications are buffered, and at activation only those newer than the
 * history read go on. Because the hub hands an event to the subscriber's executor a little before it is
 * delivered, a publication the read already returned can still arrive after activation: it is dropped too. Not
 * thread-safe: {@link CatchUpSubscriber} calls it under its own lock.
 */
final class CatchUpBuffer {

    private List<ChannelEvent> pending = new ArrayList<>(); // null once active
    /** After activation: publications up to this offset went out already; 0 once a newer one has arrived. */
    private long sentUpTo;

    /**
     * Whether an event from the hub goes out now. Before activation publications are kept for {@link #activate}
     * and events outside the stream (offset 0: join, leave) are dropped; after it, publications the catch-up
     * already covered are dropped.
     */
    boolean admit(ChannelEvent event) {
        long offset = event.offset();
        if (pending != null) {
            if (offset > 0) {
                pending.add(event);
            }
            return false;
        }
        if (offset > 0 && sentUpTo > 0) {
            if (offset <= sentUpTo) {
                return false;
            }
            sentUpTo = 0; // from here on offsets only grow (and a new epoch may restart them)
        }
        return true;
    }

    /** Goes live; returns the buffered publications newer than {@code readTop}, in offset order, each once. */
    List<ChannelEvent> activate(long readTop) {
        List<ChannelEvent> newer = new ArrayList<>();
        long sent = readTop;
        for (ChannelEvent p : pending) {
            if (p.offset() > sent) {
                newer.add(p);
                sent = p.offset();
            }
        }
        sentUpTo = sent;
        pending = null;
        return newer;
    }
}
