package dev.switchboard.channel;

import java.util.concurrent.Executor;

import dev.switchboard.model.ChannelEvent;

/** One local subscription of one channel, as the hub sees it, whatever protocol its connection speaks. */
public interface Subscriber {

    /** Runs deliveries on the thread that calls the hub (the broker's). */
    Executor INLINE = Runnable::run;

    String channel();

    /**
     * Where this subscriber's deliveries run. The hub groups a channel's subscribers by executor and hands each
     * executor one task per event for all of its subscribers: WebSocket sessions name their connection's event
     * loop, so a fan-out runs on every event loop at once and each loop writes only to its own sockets.
     */
    default Executor executor() {
        return INLINE;
    }

    /**
     * Delivers an event of this subscriber's channel. Called on {@link #executor()}; publications of one channel
     * arrive in offset order. Because delivery may run a little after the hub handed the event out, a subscriber
     * that has just caught up from history may still get publications that its catch-up already contained, and
     * one that has just left may still get an event: both must be dropped by the subscriber
     * ({@link CatchUpSubscriber} does). An exception thrown here is the subscriber's own failure: the hub counts
     * it and goes on with the other subscribers.
     */
    void deliver(ChannelEvent event);

    /**
     * Events of this channel may have been lost on the way to this node (see
     * {@code BrokerEvents.onDeliveryInterrupted}); the subscriber must not carry on as if nothing happened.
     */
    default void interrupted() {
    }
}
