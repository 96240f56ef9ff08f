package dev.switchboard.pusher;

/** One configured Pusher app. Its channels live apart from every other app's ({@link PusherChannel}). */
public record PusherApp(String id, String key, String secret, boolean clientEvents, int maxPresenceMembers,
        int maxEventSize, int maxConnections, int maxChannelsPerEvent, int maxBatchSize) {
}
