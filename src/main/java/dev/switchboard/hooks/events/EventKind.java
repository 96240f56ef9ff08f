package dev.switchboard.hooks.events;

/** The kinds of event the node reports; {@link #wire()} is the {@code kind} a formatter writes. */
public enum EventKind {
    CONNECTED("connected"),
    DISCONNECTED("disconnected"),
    SUBSCRIBED("subscribed"),
    UNSUBSCRIBED("unsubscribed"),
    /** The channel got its first subscriber in the cluster (presence.Occupancy). */
    OCCUPIED("occupied"),
    /** The channel lost its last subscriber in the cluster. */
    VACATED("vacated"),
    /** A user's first connection present in a channel, anywhere in the cluster. */
    JOINED("joined"),
    /** A user's last connection present in a channel has left it. */
    LEFT("left"),
    /** A user's first connection to the cluster. */
    ONLINE("online"),
    /** A user's last connection to the cluster has gone. */
    OFFLINE("offline"),
    /** A client's event on a channel (Pusher's client events); carries the event name and data. */
    CLIENT_EVENT("client_event"),
    /** A subscriber of a cache channel found no event to replay (Pusher's cache channels). */
    CACHE_MISS("cache_miss");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
