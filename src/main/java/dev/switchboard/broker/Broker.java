package dev.switchboard.broker;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;
import dev.switchboard.model.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Holds channel streams (epoch, offsets, history) and carries channel events to every node that subscribed to a
 * channel. Presence is not here: it is a store of its own ({@code dev.switchboard.presence.PresenceStore}).
 * Implementations never block the calling event loop.
 */
public interface Broker {

    /** Where this node's share of publications, joins and leaves goes. Set once at start-up. */
    void setEventHandler(BrokerEvents events);

    /**
     * Assigns the next offset of the channel's stream to {@code draft}, appends it to its history per
     * {@code policy}, and delivers it to every node subscribed to the channel, to every subscriber but the
     * connection {@code exceptClient} (null: to all). Completes with the new top of the stream.
     */
    Uni<StreamPosition> publish(Publication draft, String exceptClient, HistoryPolicy policy);

    /** A publication with data and publisher only, to every subscriber. */
    default Uni<StreamPosition> publish(String channel, JsonNode data, PublisherInfo info, HistoryPolicy policy) {
        return publish(Publication.draft(channel, data, info), null, policy);
    }

    Uni<HistoryResult> history(String channel, HistoryQuery query);

    /** Tells every subscribed node that a client joined (not kept in history). */
    Uni<Void> publishJoin(String channel, ClientInfo client);

    Uni<Void> publishLeave(String channel, ClientInfo client);

    /**
     * This node has its first local subscriber of the channel: start receiving its events. Completes once every
     * publication made after that moment is certain to reach this node, so a history read started afterwards
     * cannot miss one. Fails with {@link BrokerUnavailableException} when that cannot be promised.
     *
     * <p>Subscribe and unsubscribe of one channel take effect in the order their returned Unis are subscribed
     * to; the {@code Hub} subscribes to them under the channel's lock, so a quick unsubscribe/subscribe pair
     * never ends unsubscribed.
     */
    Uni<Void> subscribe(String channel);

    /** This node's last local subscriber of the channel left. */
    Uni<Void> unsubscribe(String channel);

    /**
     * Whether the broker can serve requests now (readiness). Requests made while it is not fail with
     * {@link BrokerUnavailableException}.
     */
    boolean isReady();

    /** A short description of the broker's state for health data, e.g. "memory" or "redis: connection refused". */
    String describeState();
}
