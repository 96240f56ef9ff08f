package dev.switchboard.pusher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.switchboard.connection.Connection;
import dev.switchboard.metrics.FrameCounter;
import dev.switchboard.security.CommandRateLimiter;
import io.smallrye.mutiny.Uni;

/**
 * One Pusher client: its app, its connection and its subscriptions by Pusher channel name. Subscribes and
 * unsubscribes run one after another ({@link #serially}), so an unsubscribe, or the cleanup after a close, never
 * overtakes the subscribe it undoes.
 */
final class PusherSession {

    static final String CLIENT_EVENT = "client-";

    private final Connection connection;
    private final PusherApp app;
    private final CommandRateLimiter rate; // null: no limit
    private final Map<String, PusherSubscription> subscriptions = new ConcurrentHashMap<>();
    private volatile PusherChannel userChannel; // #server-to-user-<id> of the user signed in; null before pusher:signin
    private volatile PusherWatchlist watchlist; // its membership of the app's online users; null before pusher:signin
    private CompletionStage<Void> tail = CompletableFuture.completedFuture(null); // event loop only

    PusherSession(Connection connection, PusherApp app, CommandRateLimiter rate) {
        this.connection = connection;
        this.app = app;
        this.rate = rate;
    }

    /** The inbound rate check (the node's switchboard.limits.commands-* settings, as on /ws). */
    CommandRateLimiter.Verdict admit(long nowNanos) {
        return rate == null ? CommandRateLimiter.Verdict.ALLOW : rate.admit(nowNanos);
    }

    Connection connection() {
        return connection;
    }

    PusherApp app() {
        return app;
    }

    /** The channel only this connection's user may subscribe to; null before sign-in. */
    PusherChannel userChannel() {
        return userChannel;
    }

    void signedIn(PusherChannel channel, PusherWatchlist online) {
        userChannel = channel;
        watchlist = online;
    }

    /** The signed-in connection's watchlist subscriber (also its place among the app's online users), or null. */
    PusherWatchlist watchlist() {
        return watchlist;
    }

    /** The Pusher socket id, which is also the core's connection id. */
    String socketId() {
        return connection.id();
    }

    void send(byte[] frame, FrameCounter counter) {
        connection.send(frame, false, counter);
    }

    PusherSubscription subscription(String channel) {
        return subscriptions.get(channel);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Registers a subscription; false when the channel is already subscribed (or being subscribed). */
    boolean register(PusherSubscription subscription) {
        return subscriptions.putIfAbsent(subscription.pusherChannel().name(), subscription) == null;
    }

    void unregister(PusherSubscription subscription) {
        subscriptions.remove(subscription.pusherChannel().name(), subscription);
    }

    PusherSubscription unregister(String channel) {
        return subscriptions.remove(channel);
    }

    /** Every subscription, removed from the session: for the cleanup after the connection closed. */
    List<PusherSubscription> drain() {
        List<PusherSubscription> all = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        return all;
    }

    /** Runs {@code step} after every step queued before it has finished (succeeded or not). Event loop only. */
    void serially(Supplier<Uni<Void>> step) {
        tail = tail.handle((ok, failure) -> null)
                .thenCompose(ignored -> step.get().onFailure().recoverWithNull().subscribeAsCompletionStage());
    }
}
