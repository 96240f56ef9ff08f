package dev.switchboard.channel;

/**
 * Told when a channel gets its first local subscriber on this node (occupied), loses its last one (vacated), and
 * of its local subscriber count after every change, whatever face the subscribers belong to. Called inside the
 * hub's update of that channel, so one channel's calls come in the order they happened: a listener must only
 * record the fact (e.g. queue it) and return at once; it must never block or call back into the hub.
 */
public interface ChannelActivity {

    default void occupied(String channel) {
    }

    default void vacated(String channel) {
    }

    /** The channel now has {@code count} local subscribers (0 after its last one left). */
    default void subscribers(String channel, int count) {
    }
}
