package dev.switchboard.channel;

import java.util.Locale;

/** Who may publish into a namespace from a client connection (back ends may always publish via the API). */
public enum PublishPolicy {
    /** Any connection, subscribed or not. */
    ANY,
    /** Only connections subscribed to the channel. */
    SUBSCRIBERS,
    /** No client: the namespace is fed by back ends only. */
    NONE;

    public static PublishPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publish must be any, subscribers or none, not '" + value + "'");
        }
    }
}
