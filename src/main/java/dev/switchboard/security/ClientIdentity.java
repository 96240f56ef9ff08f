package dev.switchboard.security;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who is behind a connection: the user id (null when anonymous), the public info shown to others, the channels
 * the connection token (or the connect hook) grants outright, when that token expires (null: never, for anonymous
 * connections), and the channels the server subscribes the connection to as it opens (the connect hook's
 * {@code channels}; a token names none).
 */
public record ClientIdentity(String user, JsonNode info, Set<String> channels, Instant expiresAt,
        Set<String> serverSubscriptions) {

    public static final ClientIdentity ANONYMOUS = new ClientIdentity(null, null, Set.of(), null);

    public ClientIdentity {
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        // Kept in the back end's order: the subscribed frames then come in that order.
        serverSubscriptions = serverSubscriptions == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(serverSubscriptions));
    }

    /** An identity without server-side subscriptions (a verified token's). */
    public ClientIdentity(String user, JsonNode info, Set<String> channels, Instant expiresAt) {
        this(user, info, channels, expiresAt, Set.of());
    }

    public boolean anonymous() {
        return user == null;
    }

    /** Whether the connection token lists this channel, which then needs no further check. */
    public boolean grants(String channel) {
        return channels.contains(channel);
    }
}
