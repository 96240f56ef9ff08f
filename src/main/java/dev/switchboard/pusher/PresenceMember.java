package dev.switchboard.pusher;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.model.ClientInfo;

/**
 * A presence subscription's {@code channel_data} (a JSON string: {@code user_id} and optional {@code user_info}),
 * read into the core's member form: connection id = socket id, user = user_id, info = user_info.
 */
final class PresenceMember {

    private PresenceMember() {
    }

    /** The member, or null when the channel data is not a JSON object with a string or number user_id. */
    static ClientInfo parse(String socketId, String channelData) {
        if (channelData == null) {
            return null;
        }
        JsonNode data;
        try {
            data = PusherFrames.JSON.readTree(channelData);
        } catch (Exception e) {
            return null;
        }
        if (data == null || !data.isObject()) {
            return null;
        }
        JsonNode userId = data.get("user_id");
        if (userId == null || !(userId.isTextual() || userId.isIntegralNumber()) || userId.asText().isEmpty()) {
            return null;
        }
        JsonNode info = data.get("user_info");
        return new ClientInfo(socketId, userId.asText(), info == null || info.isNull() ? null : info);
    }
}
