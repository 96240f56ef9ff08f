package dev.switchboard.security;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who is behind a connection: the user id (null when anonymous), the public info shown to others, the channels
 * the connection token grants outright, and when that token expires (null: never, for anonymous connections).
 */
public record ClientIdentity(String user, JsonNode info, Set<String> channels, Instant expiresAt) {

    public static final ClientIdentity ANONYMOUS = new ClientIdentity(null, null, Set.of(), null);

    public ClientIdentity {
        channels = channels == null ? Set.of() : Set.copyOf(channels);
    }

    public boolean anonymous() {
        return user == null;
    }

    /** Whether the connection token lists this channel, which then needs no further check. */
    public boolean grants(String channel) {
        return channels.contains(channel);
    }
}
