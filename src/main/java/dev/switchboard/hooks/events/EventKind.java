package dev.switchboard.hooks.events;

/** The kinds of event the node reports; {@link #wire()} is the {@code kind} a formatter writes. */
public enum EventKind {
    CONNECTED("connected"),
    DISCONNECTED("disconnected"),
    SUBSCRIBED("subscribed"),
    UNSUBSCRIBED("unsubscribed"),
    /** The channel got its first subscriber on this node. */
    OCCUPIED("occupied"),
    /** The channel lost its last subscriber on this node. */
    VACATED("vacated");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
