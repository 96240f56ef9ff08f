package dev.switchboard.security;

import com.fasterxml.jackson.databind.JsonNode;

/** Who is behind a connection: the user id (null when anonymous) and the public info shown to others. */
public record ClientIdentity(String user, JsonNode info) {

    public static final ClientIdentity ANONYMOUS = new ClientIdentity(null, null);

    public boolean anonymous() {
        return user == null;
    }
}
