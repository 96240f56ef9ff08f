package dev.switchboard.broker.redis;

/**
 * The keys of {@link RedisOccupancy}. A scope is what is counted: a channel ({@code c:<channel>}: its
 * subscriptions and, per user, the connections present) or a user ({@code u:<user>}: the open connections). A
 * scope's keys share one hash tag, the channel name (as the channel's other keys, {@link RedisKeys}) or
 * {@code user:<id>}, so each script touches one Redis Cluster slot. The node table and the channel index are two
 * keys of their own slot, {@code {occupancy}}; a node's own lists are tagged with the node id.
 */
final class OccupancyKeys {

    static final String CHANNEL = "c:";
    static final String USER = "u:";

    private final String prefix;

    OccupancyKeys(String prefix) {
        this.prefix = prefix;
    }

    static String channelScope(String channel) {
        return CHANNEL + channel;
    }

    static String userScope(String user) {
        return USER + user;
    }

    /** Hash: item to the cluster's total ({@code s} subscriptions, {@code u:<user>} connections, {@code c}). */
    String total(String scope) {
        return base(scope);
    }

    /** Hash: item to one node's part of the total. */
    String node(String scope, String node) {
        return base(scope) + ":" + node;
    }

    /** Counter: how often the channel has been occupied; orders the index's updates ({@link #index()}). */
    String generation(String scope) {
        return base(scope) + ":gen";
    }

    /** Sorted set: every node by the time (Redis clock, ms) its heartbeat runs out. */
    String nodes() {
        return prefix + ":{occupancy}:nodes";
    }

    /** Sorted set: occupied channels, scored by the generation that occupied them. */
    String index() {
        return prefix + ":{occupancy}:channels";
    }

    /** Hash: the node's open connections, id to protocol and user; read when the node has died. */
    String connections(String node) {
        return prefix + ":{node:" + node + "}:connections";
    }

    /** Set: the scopes the node has counts in; read when the node has died. */
    String scopes(String node) {
        return prefix + ":{node:" + node + "}:scopes";
    }

    private String base(String scope) {
        if (scope.startsWith(CHANNEL)) {
            return prefix + ":{" + scope.substring(CHANNEL.length()) + "}:occ";
        }
        return prefix + ":{user:" + scope.substring(USER.length()) + "}:uocc";
    }
}
