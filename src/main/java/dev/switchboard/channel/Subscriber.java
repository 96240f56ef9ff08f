package dev.switchboard.channel;

import java.util.concurrent.Executor;

import dev.switchboard.protocol.SharedFrame;

/** One local subscription of one channel, as the hub sees it. */
public interface Subscriber {

    /** Runs deliveries on the thread that calls the hub (the broker's). */
    Executor INLINE = Runnable::run;

    String channel();

    /**
     * Where this subscriber's deliveries run. The hub groups a channel's subscribers by executor and hands each
     * executor one task per frame for all of its subscribers: WebSocket sessions name their connection's event
     * loop, so a fan-out runs on every event loop at once and each loop writes only to its own sockets.
     */
    default Executor executor() {
        return INLINE;
    }

    /**
     * Delivers a frame of this subscriber's channel. {@code offset} is the publication's offset, or 0 for frames
     * outside the stream (join, leave). Called on {@link #executor()}; frames of one channel arrive in offset
     * order. Because delivery may run a little after the hub handed the frame out, a subscriber that has just
     * caught up from history may still get publications that its catch-up already contained, and one that has
     * just left may still get a frame: both must be dropped by the subscriber.
     */
    void deliver(long offset, SharedFrame frame);

    /**
     * Frames of this channel may have been lost on the way to this node (see
     * {@code BrokerEvents.onDeliveryInterrupted}); the subscriber must not carry on as if nothing happened.
     */
    default void interrupted() {
    }
}
