package dev.switchboard.pusher;

import java.util.ArrayList;
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
 * A signed-in connection's watchlist ({@code watchlist} in its user_data): the users whose coming online and going
 * offline it is told of with {@code pusher_internal:watchlist_events}. Built like a presence channel: every
 * signed-in connection of an app is a member of the app's online channel ({@link PusherUsers#onlineChannel}, in the
 * presence store, so the whole cluster's), and this subscriber of it keeps, per watched user, the set of that
 * user's connections present, seeded from the store when it goes live; it speaks only when a watched user's set
 * goes from empty to one connection ({@code online}) or back ({@code offline}). Called under the subscriber's lock.
 */
final class PusherWatchlist extends CatchUpSubscriber {

    private final Connection connection;
    private final Set<String> watched;
    private final ClientInfo member; // this connection as a member of the online channel
    private final PusherFrameMetrics metrics;
    private final Map<String, Set<String>> connectionsByUser = new HashMap<>();

    PusherWatchlist(Connection connection, String app, ClientInfo member, Set<String> watched,
            PusherFrameMetrics metrics) {
        super(PusherUsers.onlineChannel(app));
        this.connection = connection;
        this.member = member;
        this.watched = watched;
        this.metrics = metrics;
    }

    ClientInfo member() {
        return member;
    }

    @Override
    public Executor executor() {
        return connection.eventLoop();
    }

    /** Seeds the sets from the store's members and tells which watched users are online already (if any). */
    void seed(List<ClientInfo> present) {
        for (ClientInfo client : present) {
            if (client.user() != null && watched.contains(client.user())) {
                connectionsByUser.computeIfAbsent(client.user(), u -> new HashSet<>()).add(client.client());
            }
        }
        if (!connectionsByUser.isEmpty()) {
            send("online", new ArrayList<>(connectionsByUser.keySet()));
        }
    }

    @Override
    protected void push(ChannelEvent event) {
        if (event.client() == null || event.client().user() == null || !watched.contains(event.client().user())) {
            return; // a publication (none are made here), or a user not on this watchlist
        }
        String user = event.client().user();
        switch (event.kind()) {
            case JOIN -> {
                Set<String> clients = connectionsByUser.computeIfAbsent(user, u -> new HashSet<>());
                if (clients.add(event.client().client()) && clients.size() == 1) {
                    send("online", List.of(user));
                }
            }
            case LEAVE -> {
                Set<String> clients = connectionsByUser.get(user);
                if (clients != null && clients.remove(event.client().client()) && clients.isEmpty()) {
                    connectionsByUser.remove(user);
                    send("offline", List.of(user));
                }
            }
            case PUBLICATION -> {
                // the online channel carries joins and leaves only
            }
        }
    }

    private void send(String name, List<String> users) {
        connection.send(PusherFrames.watchlistEvents(name, users), false, metrics.member());
    }
}
