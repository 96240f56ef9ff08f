package dev.switchboard.gateway;

import java.util.concurrent.Executor;

import dev.switchboard.channel.CatchUpBuffer;
import dev.switchboard.channel.Subscriber;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.SharedFrame;

/**
 * One channel a session is subscribed to. Between joining the hub and sending the {@code subscribed} reply it
 * buffers what the hub delivers ({@link CatchUpBuffer}); {@link #activate} then sends the reply and only those
 * publications newer than the reply's position, so each publication reaches the client exactly once.
 */
final class Subscription implements Subscriber {

    private final ClientSession session;
    private final String channel;
    private final CatchUpBuffer catchUp = new CatchUpBuffer();
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
            if (!cancelled && catchUp.admit(offset, frame)) {
                session.sendShared(frame);
            }
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
            catchUp.activate(replyTop).forEach(buffered -> session.sendShared(buffered.frame()));
        }
    }
}
