package dev.switchboard.channel;

/**
 * Told when a channel gets its first local subscriber on this node (occupied) and loses its last one (vacated),
 * whatever face the subscribers belong to. Called inside the hub's update of that channel, so one channel's calls
 * come in the order they happened: a listener must only record the fact (e.g. queue it) and return at once; it
 * must never block or call back into the hub.
 */
public interface ChannelActivity {

    void occupied(String channel);

    void vacated(String channel);
}
