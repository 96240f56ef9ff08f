package dev.switchboard.gateway;

import java.util.concurrent.Executor;

import dev.switchboard.channel.CatchUpSubscriber;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.CloseCodes;

/**
 * One channel a native session is subscribed to: the shared exactly-once subscriber ({@link CatchUpSubscriber}),
 * delivering on the connection's event loop, in the session's encoding.
 */
final class Subscription extends CatchUpSubscriber {

    private final ClientSession session;
    /** Whether publications go as Fossil deltas (the client asked, the namespace allows). */
    private final boolean delta;
    /** Whether publications are conflated when the connection falls behind (the namespace's slow-consumer). */
    private final boolean conflate;
    /**
     * The offset of the last publication sent on this subscription, a delta's only valid base; -1 before the
     * first, so the first publication after a subscribe (and after the catch-up in its reply) goes whole.
     */
    private long lastSent = -1; // under this subscriber's lock (push)

    Subscription(ClientSession session, String channel, boolean delta, boolean conflate) {
        super(channel);
        this.session = session;
        this.delta = delta;
        this.conflate = conflate;
    }

    @Override
    public Executor executor() {
        return session.connection().eventLoop();
    }

    @Override
    protected void push(ChannelEvent event) {
        if (!delta && !conflate || event.kind() != ChannelEvent.Kind.PUBLICATION) {
            session.sendEvent(event);
            return;
        }
        boolean asDelta = delta && event.deltaBase() != null && event.deltaBase().offset() == lastSent;
        lastSent = event.offset();
        session.sendPublication(event, delta, asDelta, conflate);
    }

    /**
     * Publications of this channel may have been lost on their way to this node (the broker's connection was
     * interrupted). Carrying on would leave a silent gap, so the connection is closed with 1001 and
     * {@code reconnect: true}: the client reconnects (to any node), subscribes with {@code since} and gets what
     * it missed from history, or {@code recovered: false} when history no longer has it.
     */
    @Override
    public void interrupted() {
        session.connection().disconnect(CloseCodes.GOING_AWAY,
                "broker connection was interrupted: reconnect and recover");
    }
}
