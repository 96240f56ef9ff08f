package dev.switchboard.presence;

import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * Who is where, counted over the whole cluster, and the moments those counts cross zero: a channel's first
 * subscriber anywhere and its last one gone (occupied, vacated), a user's first connection in a channel anywhere
 * and the last one gone (joined, left), a user's first connection to any node and the last disconnection (online,
 * offline). Each node tells it its own counts; the implementation detects each crossing exactly once, on the node
 * whose change made it, and tells that node's {@link OccupancyListener}s. With one node (memory) that is the local
 * count; with Redis ({@code broker.redis.RedisOccupancy}) the nodes' counts are summed atomically in Redis, and the
 * counts of a node that stops refreshing them (killed) are taken away by another node, which then reports what
 * that causes, including the dead node's connections ({@link OccupancyListener#connectionLost}).
 *
 * <p>Every method returns at once and never blocks: callers are event loops, and the hub calls
 * {@link #subscribers} inside its update of a channel.
 */
public interface Occupancy {

    void addListener(OccupancyListener listener);

    /** This node now has {@code count} subscribers (of any face) of {@code channel}. */
    void subscribers(String channel, int count);

    /** Connection {@code client} of {@code user} is now present in {@code channel} (presence kept). */
    void memberAdded(String channel, String user, String client);

    /** The reverse of {@link #memberAdded}; a client that was not added is ignored. */
    void memberRemoved(String channel, String user, String client);

    /** A connection opened on this node; {@code user} null for anonymous connections. */
    void connectionOpened(String client, String user, String protocol);

    /** The reverse of {@link #connectionOpened}; a client that was not opened is ignored. */
    void connectionClosed(String client, String user);

    /** The channel's subscriptions and present users over the cluster (zero counts when nobody is there). */
    Uni<ChannelOccupancy> channel(String channel);

    /** Every occupied channel whose name starts with {@code prefix}, with its counts. */
    Uni<Map<String, ChannelOccupancy>> channels(String prefix);
}
