package dev.switchboard.broker.redis;

import io.smallrye.mutiny.Uni;

/**
 * How a node receives the Pub/Sub topics of the channels it has local subscribers for: one connection to one
 * Redis ({@link FanOutConnection}, classic Pub/Sub, also behind Sentinel) or one connection per Redis Cluster
 * shard ({@link ShardedFanOut}, sharded Pub/Sub).
 *
 * <p>A subscribe completes only when every later publication to the topic is certain to reach this node. When
 * delivery was interrupted (connection lost, or the topic's slot moved to another shard) and is certain again,
 * the implementation reports the topics to the broker, whose local subscribers then recover from history.
 */
interface FanOut {

    void start();

    Uni<Void> subscribe(String topic);

    Uni<Void> unsubscribe(String topic);

    /** True while every wanted topic is (or is being) subscribed on a live connection. */
    boolean isLive();

    /** Why it is not live, or null. */
    String problem();

    int topicCount();

    void close();
}
