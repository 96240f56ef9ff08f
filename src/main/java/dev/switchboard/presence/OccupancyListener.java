package dev.switchboard.presence;

/**
 * Told of the cluster-wide facts {@link Occupancy} detects, once per cluster, on the node that made each one.
 * Called on whatever thread found it (an event loop or a Redis reply): record the fact and return at once.
 */
public interface OccupancyListener {

    /** The channel got its first subscriber in the cluster. */
    default void occupied(String channel) {
    }

    /** The channel lost its last subscriber in the cluster. */
    default void vacated(String channel) {
    }

    /** {@code user}'s first connection is present in {@code channel} (presence kept), anywhere in the cluster. */
    default void joined(String channel, String user) {
    }

    /** {@code user}'s last connection present in {@code channel} has left it. */
    default void left(String channel, String user) {
    }

    /** {@code user}'s first connection to the cluster. */
    default void online(String user) {
    }

    /** {@code user}'s last connection to the cluster has gone. */
    default void offline(String user) {
    }

    /**
     * A connection of a node that died (stopped refreshing its counts) is gone; reported by the node that found
     * it, once. {@code user} may be null.
     */
    default void connectionLost(String client, String user, String protocol) {
    }
}
