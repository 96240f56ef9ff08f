package dev.switchboard.pusher;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.model.ClientInfo;

/**
 * The frames this server sends, as protocol 7 has them: {@code event}, optional {@code channel}, and {@code data}
 * as a JSON-encoded string, except {@code pusher:error} and {@code pusher:pong}, whose data is an object.
 */
final class PusherFrames {

    static final ObjectMapper JSON = new ObjectMapper();

    private PusherFrames() {
    }

    static byte[] connectionEstablished(String socketId, long activityTimeoutSeconds) {
        ObjectNode data = JSON.createObjectNode().put("socket_id", socketId)
                .put("activity_timeout", activityTimeoutSeconds);
        return frame("pusher:connection_established", null, data.toString());
    }

    static byte[] pong() {
        return bytes(JSON.createObjectNode().put("event", "pusher:pong").set("data", JSON.createObjectNode()));
    }

    /** {@code pusher:error}; {@code code} null for errors Pusher gives no code (a bad message the connection survives). */
    static byte[] error(Integer code, String message) {
        ObjectNode data = JSON.createObjectNode().put("message", message);
        if (code == null) {
            data.putNull("code");
        } else {
            data.put("code", code);
        }
        return bytes(JSON.createObjectNode().put("event", "pusher:error").set("data", data));
    }

    /** A refused subscription, as pusher-js reports it ({@code pusher:subscription_error} on the channel). */
    static byte[] subscriptionError(String channel, String type, String error, int status) {
        ObjectNode data = JSON.createObjectNode().put("type", type).put("error", error).put("status", status);
        return bytes(JSON.createObjectNode().put("event", "pusher:subscription_error").put("channel", channel)
                .set("data", data));
    }

    /** A cache channel had no event to replay ({@code pusher:cache_miss} on the channel, no data). */
    static byte[] cacheMiss(String channel) {
        return bytes(JSON.createObjectNode().put("event", "pusher:cache_miss").put("channel", channel));
    }

    /** The answer to a valid {@code pusher:signin}: its user_data string, inside the JSON string data. */
    static byte[] signinSuccess(String userData) {
        return frame("pusher:signin_success", null, JSON.createObjectNode().put("user_data", userData).toString());
    }

    /** Watched users that came online or went offline: {@code {"events":[{"name":..., "user_ids":[...]}]}}. */
    static byte[] watchlistEvents(String name, List<String> userIds) {
        ObjectNode data = JSON.createObjectNode();
        ObjectNode event = data.putArray("events").addObject().put("name", name);
        userIds.forEach(event.putArray("user_ids")::add);
        return frame("pusher_internal:watchlist_events", null, data.toString());
    }

    static byte[] subscriptionSucceeded(String channel) {
        return frame("pusher_internal:subscription_succeeded", channel, "{}");
    }

    /** A presence channel's subscription reply: every user present once, with the info of its first connection. */
    static byte[] presenceSucceeded(String channel, List<ClientInfo> users) {
        ObjectNode presence = JSON.createObjectNode();
        var ids = presence.putArray("ids");
        ObjectNode hash = presence.putObject("hash");
        for (ClientInfo user : users) {
            ids.add(user.user());
            hash.set(user.user(), user.info() == null ? JSON.nullNode() : user.info());
        }
        presence.put("count", users.size());
        ObjectNode data = JSON.createObjectNode().set("presence", presence);
        return frame("pusher_internal:subscription_succeeded", channel, data.toString());
    }

    static byte[] memberAdded(String channel, ClientInfo member) {
        ObjectNode data = JSON.createObjectNode().put("user_id", member.user());
        data.set("user_info", member.info() == null ? JSON.nullNode() : member.info());
        return frame("pusher_internal:member_added", channel, data.toString());
    }

    static byte[] memberRemoved(String channel, String userId) {
        return frame("pusher_internal:member_removed", channel,
                JSON.createObjectNode().put("user_id", userId).toString());
    }

    /**
     * A channel event. {@code data} that is a JSON string goes as it is (the HTTP API's and most client events'
     * data); any other JSON value (a native publication's object, a client event's object) goes as its JSON text.
     */
    static byte[] event(String event, String channel, JsonNode data, String userId) {
        ObjectNode frame = JSON.createObjectNode().put("event", event).put("channel", channel)
                .put("data", data == null ? "" : data.isTextual() ? data.textValue() : data.toString());
        if (userId != null) {
            frame.put("user_id", userId);
        }
        return bytes(frame);
    }

    private static byte[] frame(String event, String channel, String data) {
        ObjectNode frame = JSON.createObjectNode().put("event", event);
        if (channel != null) {
            frame.put("channel", channel);
        }
        return bytes(frame.put("data", data));
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
