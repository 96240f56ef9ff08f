package dev.switchboard.broker;

import dev.switchboard.protocol.ClientInfo;
import dev.switchboard.protocol.Publication;

/**
 * What a broker delivers to this node for the channels it subscribed to. Publications of one channel arrive in
 * offset order.
 */
public interface BrokerEvents {

    void onPublication(Publication publication);

    void onJoin(String channel, ClientInfo client);

    void onLeave(String channel, ClientInfo client);

    /**
     * The broker may have failed to deliver some of this channel's events to this node (its connection to the
     * other nodes was interrupted and is now back). Local subscribers must recover from history.
     */
    default void onDeliveryInterrupted(String channel) {
    }
}
