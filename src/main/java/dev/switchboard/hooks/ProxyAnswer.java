package dev.switchboard.hooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a proxy's back end answered: {@code {"result": {...}}} (go ahead, with the hook's fields) or
 * {@code {"error": {...}}} (refused). Exactly one of the two is set.
 */
record ProxyAnswer(JsonNode result, JsonNode error) {

    boolean refused() {
        return error != null;
    }

    /** The back end's {@code error.message}, or {@code fallback} when it gave none. */
    String errorMessage(String fallback) {
        JsonNode message = error == null ? null : error.get("message");
        return message != null && message.isTextual() && !message.asText().isBlank() ? message.asText() : fallback;
    }
}
