package dev.switchboard.gateway;

import java.util.ArrayList;
import java.util.List;

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
    private List<Pending> pending = new ArrayList<>();

    Subscription(ClientSession session, String channel) {
        this.session = session;
        this.channel = channel;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public void deliver(long offset, SharedFrame frame) {
        synchronized (this) {
            if (pending != null) {
                if (offset > 0) { // joins and leaves of others before our own reply are not of interest
                    pending.add(new Pending(offset, frame));
                }
                return;
            }
            session.sendShared(frame);
        }
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
            for (Pending p : pending) {
                if (p.offset() > replyTop) {
                    session.sendShared(p.frame());
                }
            }
            pending = null;
        }
    }
}
