package dev.switchboard.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import dev.switchboard.channel.Subscriber;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.SharedFrame;

/**
 * One channel a session is subscribed to. Between joining the hub and sending the {@code subscribed} reply it
 * buffers what the hub delivers; {@link #activate} then sends the reply and only those buffered publications
 * newer than the reply's position, so each publication reaches the client exactly once.
 */
final class Subscription implements Subscriber {

    private record Pending(long offset, SharedFrame frame) {
    }

    private final ClientSession session;
    private final String channel;
    private List<Pending> pending = new ArrayList<>(); // null once active
    /**
     * After activation: publications up to this offset were already sent (in the reply or from the buffer).
     * The hub hands a frame to the event loop a little before it is delivered, so a publication the history read
     * already returned can still arrive afterwards; it is dropped. 0 once a newer publication has arrived.
     */
    private long sentUpTo;
    private boolean cancelled;

    Subscription(ClientSession session, String channel) {
        this.session = session;
        this.channel = channel;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public Executor executor() {
        return session.eventLoop();
    }

    @Override
    public void deliver(long offset, SharedFrame frame) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            if (pending != null) {
                if (offset > 0) { // joins and leaves of others before our own reply are not of interest
                    pending.add(new Pending(offset, frame));
                }
                return;
            }
            if (offset > 0 && sentUpTo > 0) {
                if (offset <= sentUpTo) {
                    return;
                }
                sentUpTo = 0; // from here on offsets only grow: no need to compare (and a new epoch may restart them)
            }
            session.sendShared(frame);
        }
    }

    /** No more frames: the client unsubscribed or the connection closed. */
    synchronized void cancel() {
        cancelled = true;
    }

    /**
     * Publications of this channel may have been lost on their way to this node (the broker's connection was
     * interrupted). Carrying on would leave a silent gap, so the connection is closed with 1001 and
     * {@code reconnect: true}: the client reconnects (to any node), subscribes with {@code since} and gets what
     * it missed from history, or {@code recovered: false} when history no longer has it.
     */
    @Override
    public void interrupted() {
        session.disconnect(CloseCodes.GOING_AWAY, "broker connection was interrupted: reconnect and recover");
    }

    /** Sends the reply, then the buffered publications after {@code replyTop}, then goes live. */
    void activate(ServerFrame.Subscribed reply, long replyTop) {
        synchronized (this) {
            session.send(reply);
            long sent = replyTop;
            for (Pending p : pending) {
                if (p.offset() > sent) {
                    session.sendShared(p.frame());
                    sent = p.offset();
                }
            }
            sentUpTo = sent;
            pending = null;
        }
    }
}
