package dev.switchboard.pusher;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.switchboard.channel.CatchUpSubscriber;
import dev.switchboard.connection.Connection;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.ClientInfo;

/**
 * One Pusher connection's subscription of one channel: the shared exactly-once subscriber, writing Pusher frames.
 * On a presence channel it also turns the core's per-connection joins and leaves into Pusher's per-user
 * {@code member_added} / {@code member_removed}: it keeps, per user, the set of that user's connections present,
 * seeded from the presence store when it goes live, and speaks only when a user's set goes from empty to one
 * connection or back. Sets (not counts) make a join seen both in the seed and as an event count once, so the
 * order of the presence read and the events does not matter. Called under the subscriber's lock.
 */
final class PusherSubscription extends CatchUpSubscriber {

    private final Connection connection;
    private final PusherChannel pusherChannel;
    private final ClientInfo member; // presence channels: this connection as a member; else null
    private final PusherFrameMetrics metrics;
    private final Map<String, Set<String>> connectionsByUser = new HashMap<>();

    PusherSubscription(Connection connection, PusherChannel channel, ClientInfo member, PusherFrameMetrics metrics) {
        super(channel.coreName());
        this.connection = connection;
        this.pusherChannel = channel;
        this.member = member;
        this.metrics = metrics;
    }

    PusherChannel pusherChannel() {
        return pusherChannel;
    }

    ClientInfo member() {
        return member;
    }

    @Override
    public Executor executor() {
        return connection.eventLoop();
    }

    /** Seeds the member sets from the presence store's connections; runs first in {@code activate}. */
    void seed(List<ClientInfo> present) {
        for (ClientInfo client : present) {
            if (client.user() != null) {
                connectionsByUser.computeIfAbsent(client.user(), u -> new HashSet<>()).add(client.client());
            }
        }
    }

    @Override
    protected void push(ChannelEvent event) {
        switch (event.kind()) {
            case PUBLICATION -> {
                if (!event.excludes(connection.id())) {
                    connection.send(event.encoded(PusherEncodings.EVENT), false, metrics.event());
                }
            }
            case JOIN -> {
                if (member == null || event.client().user() == null) {
                    return;
                }
                Set<String> clients = connectionsByUser.computeIfAbsent(event.client().user(), u -> new HashSet<>());
                if (clients.add(event.client().client()) && clients.size() == 1) {
                    connection.send(event.encoded(PusherEncodings.MEMBER_ADDED), false, metrics.member());
                }
            }
            case LEAVE -> {
                if (member == null || event.client().user() == null) {
                    return;
                }
                Set<String> clients = connectionsByUser.get(event.client().user());
                if (clients != null && clients.remove(event.client().client()) && clients.isEmpty()) {
                    connectionsByUser.remove(event.client().user());
                    connection.send(event.encoded(PusherEncodings.MEMBER_REMOVED), false, metrics.member());
                }
            }
        }
    }
}
