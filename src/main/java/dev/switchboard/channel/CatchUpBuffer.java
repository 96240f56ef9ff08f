package dev.switchboard.channel;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.protocol.SharedFrame;

/**
 * The exactly-once rule of PROTOCOL.md for one subscriber, shared by the WebSocket gateway and the HTTP
 * fallbacks. A subscriber joins the hub first, then reads history; until {@link #activate} the hub's publications
 * are buffered, and at activation only those newer than the history read go on. Because the hub hands a frame
 * to the subscriber's executor a little before it is delivered, a publication the read already returned can
 * still arrive after activation: it is dropped too. Not thread-safe: the owner calls it under its own lock.
 */
public final class CatchUpBuffer {

    /** A publication kept until activation. */
    public record Buffered(long offset, SharedFrame frame) {
    }

    private List<Buffered> pending = new ArrayList<>(); // null once active
    /** After activation: publications up to this offset went out already; 0 once a newer one has arrived. */
    private long sentUpTo;

    /**
     * Whether a frame from the hub goes out now. Before activation publications are kept for {@link #activate}
     * and frames outside the stream ({@code offset} 0: join, leave) are dropped; after it, publications the
     * catch-up already covered are dropped.
     */
    public boolean admit(long offset, SharedFrame frame) {
        if (pending != null) {
            if (offset > 0) {
                pending.add(new Buffered(offset, frame));
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
    public List<Buffered> activate(long readTop) {
        List<Buffered> newer = new ArrayList<>();
        long sent = readTop;
        for (Buffered p : pending) {
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
