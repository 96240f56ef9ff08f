package dev.switchboard.api;

import dev.switchboard.channel.CatchUpSubscriber;
import dev.switchboard.model.ChannelEvent;

/**
 * A hub subscriber of the HTTP fallbacks: the shared exactly-once subscriber, passing publications on to a
 * {@link Sink}. Joins and leaves are not relayed: the fallbacks carry publications only.
 */
final class FallbackSubscriber extends CatchUpSubscriber {

    /** Where publications go, in offset order; called under the subscriber's lock. */
    interface Sink {
        void publication(ChannelEvent publication);

        /** Publications may have been lost on their way to this node: the client must recover from history. */
        void interrupted();
    }

    private final Sink sink;

    FallbackSubscriber(String channel, Sink sink) {
        super(channel);
        this.sink = sink;
    }

    @Override
    protected void push(ChannelEvent event) {
        if (event.kind() == ChannelEvent.Kind.PUBLICATION) {
            sink.publication(event);
        }
    }

    @Override
    public void interrupted() {
        sink.interrupted();
    }
}
