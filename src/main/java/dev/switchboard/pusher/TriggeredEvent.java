package dev.switchboard.pusher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a trigger ({@code POST /apps/{id}/events}, or one entry of {@code batch_events}), checked as
 * Pusher checks it: a name of at most 200 characters, {@code data} a string no larger than the app's
 * max-event-size, one channel ({@code channel}) or up to the app's max-channels-per-event ({@code channels}, Pusher:
 * 100) with valid names (or a user's {@code #server-to-user-<id>}, what the SDKs' sendToUser triggers), and an optional
 * {@code socket_id} to leave out, and an optional {@code info} (user_count, subscription_count: the channels' counts
 * in the reply). Any fault is a {@link PusherHttpError} (400, or 413 for the size).
 */
record TriggeredEvent(String name, String data, List<PusherChannel> channels, String socketId, Set<String> info) {

    static final Pattern SOCKET_ID = Pattern.compile("^\\d+\\.\\d+$");
    /** What a trigger's {@code info} may ask for about its channels, as Pusher's. */
    static final Set<String> INFO_ATTRIBUTES = Set.of("user_count", "subscription_count");

    static TriggeredEvent parse(PusherApp app, JsonNode body, boolean batch) {
        if (body == null || !body.isObject()) {
            throw bad("the event must be a JSON object");
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
            throw bad("name must be a non-empty string");
        }
        if (name.textValue().length() > PusherCommands.MAX_EVENT_NAME) {
            throw bad("name is at most " + PusherCommands.MAX_EVENT_NAME + " characters long");
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isTextual()) {
            throw bad("data must be a string (JSON-encode objects first)");
        }
        if (data.textValue().getBytes(StandardCharsets.UTF_8).length > app.maxEventSize()) {
            throw new PusherHttpError(413, "Payload too large: event data must be at most " + app.maxEventSize()
                    + " bytes");
        }
        List<String> names = new ArrayList<>();
        JsonNode channels = body.get("channels");
        JsonNode channel = body.get("channel");
        if (channels != null && !batch) {
            if (!channels.isArray() || channels.isEmpty() || channels.size() > app.maxChannelsPerEvent()) {
                throw bad("channels must be an array of 1 to " + app.maxChannelsPerEvent() + " channel names");
            }
            channels.forEach(c -> names.add(c.isTextual() ? c.textValue() : null));
        } else if (channel != null && channel.isTextual()) {
            names.add(channel.textValue());
        } else {
            throw bad(batch ? "each batch event needs a channel" : "channels (an array) or channel is required");
        }
        List<PusherChannel> targets = new ArrayList<>(names.size());
        for (String n : names) {
            if (n == null) {
                throw bad("invalid channel name (not a string): " + PusherChannel.RULE);
            }
            try {
                targets.add(PusherChannel.of(app.id(), n));
            } catch (IllegalArgumentException e) {
                throw bad("invalid channel name '" + n + "': " + e.getMessage());
            }
        }
        JsonNode socketId = body.get("socket_id");
        String exclude = null;
        if (socketId != null && !socketId.isNull()) {
            if (!socketId.isTextual() || !SOCKET_ID.matcher(socketId.textValue()).matches()) {
                throw bad("socket_id must look like 1234.5678");
            }
            exclude = socketId.textValue();
        }
        return new TriggeredEvent(name.textValue(), data.textValue(), List.copyOf(targets), exclude,
                infoOf(body.get("info")));
    }

    /** {@code info}: a comma-separated list of {@link #INFO_ATTRIBUTES}; absent, null or empty: none. */
    private static Set<String> infoOf(JsonNode info) {
        if (info == null || info.isNull()) {
            return Set.of();
        }
        if (!info.isTextual()) {
            throw bad("info must be a comma-separated string of user_count, subscription_count");
        }
        Set<String> attributes = new LinkedHashSet<>();
        for (String attribute : info.textValue().split(",")) {
            String a = attribute.trim();
            if (a.isEmpty()) {
                continue;
            }
            if (!INFO_ATTRIBUTES.contains(a)) {
                throw bad("unknown info attribute '" + a + "': user_count, subscription_count");
            }
            attributes.add(a);
        }
        return Set.copyOf(attributes);
    }

    private static PusherHttpError bad(String message) {
        return new PusherHttpError(400, message);
    }
}
