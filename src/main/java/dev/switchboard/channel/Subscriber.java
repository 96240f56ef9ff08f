package dev.switchboard.channel;

import dev.switchboard.protocol.SharedFrame;

/** One local subscription of one channel, as the hub sees it. */
public interface Subscriber {

    String channel();

    /**
     * Delivers a frame of this subscriber's channel. {@code offset} is the publication's offset, or 0 for frames
     * outside the stream (join, leave). Called from any thread; frames of one channel arrive in offset order.
     */
    void deliver(long offset, SharedFrame frame);

    /**
     * Frames of this channel may have been lost on the way to this node (see
     * {@code BrokerEvents.onDeliveryInterrupted}); the subscriber must not carry on as if nothing happened.
     */
    default void interrupted() {
    }
}
