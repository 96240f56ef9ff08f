package dev.switchboard.pusher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code switchboard.pusher.*}: the Pusher apps this node serves. docs/configuration.md lists these. */
@ConfigMapping(prefix = "switchboard.pusher")
public interface PusherConfig {

    /** The apps, by app id (the {@code <app-id>} of {@code switchboard.pusher.apps.<app-id>.*}). None: no app. */
    Map<String, App> apps();

    /**
     * The {@code activity_timeout} told to clients: after this long without a message pusher-js sends
     * {@code pusher:ping}. The server's own heartbeat (WebSocket pings, switchboard.heartbeat.*) runs besides.
     */
    @WithDefault("120s")
    Duration activityTimeout();

    interface App {
        /** The public key pusher-js connects with ({@code /app/<key>}). */
        String key();

        /** The secret that signs subscriptions and HTTP API requests; never sent anywhere. */
        String secret();

        /** Whether clients may send {@code client-*} events on private and presence channels. */
        @WithDefault("false")
        boolean clientEvents();

        /** Users (not connections) one presence channel may hold; Pusher's limit is 100. */
        @WithDefault("100")
        int maxPresenceMembers();

        /** Largest {@code data} of one event, HTTP API and client events alike, in bytes; Pusher's is 10 KB. */
        @WithDefault("10240")
        int maxEventSize();

        /**
         * Open connections of this app on this node; one more is refused with {@code pusher:error} 4004 (over
         * connection quota) and closed. 0: no limit but the node's ({@code switchboard.limits.max-connections}).
         */
        @WithDefault("0")
        int maxConnections();

        /** Channels one HTTP API trigger may name ({@code channels}); Pusher's limit is 100. */
        @WithDefault("100")
        int maxChannelsPerEvent();

        /** Events one {@code batch_events} call may carry; Pusher's limit is 10. */
        @WithDefault("10")
        int maxBatchSize();

        /** Pusher's webhooks for this app ({@code switchboard.pusher.apps.<app-id>.webhooks.*}, docs/pusher.md). */
        Webhooks webhooks();
    }

    interface Webhooks {
        /** Where the app's webhooks are POSTed; unset: none are sent. */
        Optional<String> url();

        /**
         * Which events are sent: channel_occupied, channel_vacated, member_added, member_removed, client_event,
         * cache_miss (the default is all of them).
         */
        @WithDefault("channel_occupied,channel_vacated,member_added,member_removed,client_event,cache_miss")
        List<String> events();

        /** Events waiting for delivery on this node; one more is dropped and counted. */
        @WithDefault("10000")
        int queueSize();

        /** Most events in one webhook POST. */
        @WithDefault("50")
        int batchSize();

        /** How long one POST may take before it counts as failed and is retried. */
        @WithDefault("5s")
        Duration timeout();

        /** First retry delay; doubled after each failure up to {@link #maxBackoff()}, with jitter. */
        @WithDefault("500ms")
        Duration minBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
