package dev.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message in a channel's stream, as stored in history and listed in {@code subscribed} and {@code history}
 * replies. {@code info} is absent for publications made by back ends through the HTTP API.
 */
public record Publication(
        String channel,
        long offset,
        JsonNode data,
        @JsonInclude(JsonInclude.Include.NON_NULL) PublisherInfo info) {
}
