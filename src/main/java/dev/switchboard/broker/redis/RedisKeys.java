package dev.switchboard.broker.redis;

/**
 * Names of a channel's keys and Pub/Sub topic. Every key of one channel carries the channel name as a hash tag
 * ({@code {...}}; channel names never contain braces), so with Redis Cluster they live in one slot and a Lua
 * script may touch them all, and the topic is a shard channel of that same slot.
 *
 * <p>Keys that belong to no channel use a hash tag that starts with {@code !}, a character channel names never
 * contain ({@code {!control}}), so they can never meet a channel's keys.
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** Hash: {@code e} = epoch, {@code o} = top offset. */
    String stream(String channel) {
        return prefix + ":{" + channel + "}:stream";
    }

    /** Redis stream of the retained publications, entry id {@code <offset>-0}. */
    String history(String channel) {
        return prefix + ":{" + channel + "}:history";
    }

    /** Sorted set: client id scored by the time (ms) its presence entry expires. */
    String presenceExpiry(String channel) {
        return prefix + ":{" + channel + "}:presence:expiry";
    }

    /** Hash: client id to its ClientInfo JSON. */
    String presenceInfo(String channel) {
        return prefix + ":{" + channel + "}:presence:info";
    }

    /** Pub/Sub topic that carries the channel's publications, joins and leaves to subscribed nodes. */
    String topic(String channel) {
        return prefix + ":{" + channel + "}";
    }

    /** The channel of a topic, or null if the topic is not one of ours. */
    String channelOfTopic(String topic) {
        int start = prefix.length() + 2;
        if (topic.length() <= start || !topic.startsWith(prefix + ":{") || !topic.endsWith("}")) {
            return null;
        }
        return topic.substring(start, topic.length() - 1);
    }

    /** Pub/Sub topic of the node-to-node control messages ({@code dev.switchboard.node.ClusterControl}). */
    String controlTopic() {
        return prefix + ":{!control}";
    }

    /** Sorted set: node name scored by when it last said it was alive (Redis time, ms). Same slot as the topic. */
    String controlNodes() {
        return prefix + ":{!control}:nodes";
    }
}
