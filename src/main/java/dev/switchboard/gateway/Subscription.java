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

    Subscription(ClientSession session, String channel) {
        super(channel);
        this.session = session;
    }

    @Override
    public Executor executor() {
        return session.connection().eventLoop();
    }

    @Override
    protected void push(ChannelEvent event) {
        session.sendEvent(event);
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
