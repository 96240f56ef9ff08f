package dev.switchboard.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A connected client as presence and join/leave show it: connection id, user (null if anonymous), public info. */
public record ClientInfo(String client, String user, JsonNode info) {

    public PublisherInfo publisher() {
        return new PublisherInfo(client, user);
    }
}
