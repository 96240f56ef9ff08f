package dev.switchboard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message in a channel's stream, as stored in history and carried to every subscriber whatever its protocol.
 * {@code info} is absent for publications made by back ends through the HTTP API. {@code event} names the
 * message for protocols that route by event name (Pusher); {@code tags} are short string attributes a publisher
 * may attach (for filters and hooks). Both are optional and left out of every encoding when absent.
 *
 * <p>Before the broker assigns it an offset, a publication is a draft with offset 0 ({@link #draft}).
 */
public record Publication(
        String channel,
        long offset,
        JsonNode data,
        @JsonInclude(JsonInclude.Include.NON_NULL) PublisherInfo info,
        @JsonInclude(JsonInclude.Include.NON_NULL) String event,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> tags) {

    public Publication {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public Publication(String channel, long offset, JsonNode data, PublisherInfo info) {
        this(channel, offset, data, info, null, Map.of());
    }

    /** A publication not yet in a stream: the broker gives it its offset. */
    public static Publication draft(String channel, JsonNode data, PublisherInfo info) {
        return new Publication(channel, 0, data, info);
    }

    /** This publication with other data (a publish hook's rewrite), everything else kept. */
    public Publication withData(JsonNode replacement) {
        return new Publication(channel, offset, replacement, info, event, tags);
    }

    /** This publication at the offset the broker assigned. */
    public Publication at(long assignedOffset) {
        return new Publication(channel, assignedOffset, data, info, event, tags);
    }
}
