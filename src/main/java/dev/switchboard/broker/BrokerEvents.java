package dev.switchboard.broker;

import dev.switchboard.model.ChannelEvent;

/**
 * What a broker delivers to this node for the channels it subscribed to: publications, joins and leaves as
 * protocol-neutral {@link ChannelEvent}s. Publications of one channel arrive in offset order.
 */
public interface BrokerEvents {

    void onEvent(ChannelEvent event);

    /**
     * The broker may have failed to deliver some of this channel's events to this node (its connection to the
     * other nodes was interrupted and is now back). Local subscribers must recover from history. Not a default
     * method on purpose: a wrapper that forgot to forward it would leave silent gaps.
     */
    void onDeliveryInterrupted(String channel);
}
