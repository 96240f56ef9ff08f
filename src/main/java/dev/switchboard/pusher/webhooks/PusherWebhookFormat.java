package dev.switchboard.pusher.webhooks;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.hooks.events.EventFormatter;
import dev.switchboard.hooks.events.HookEvent;
import dev.switchboard.pusher.PusherChannel;

/**
 * Pusher's webhook body, {@code {"time_ms": ..., "events": [{"name": "channel_occupied", "channel": ...}, ...]}},
 * made from the core's neutral events: occupied and vacated become channel_occupied and channel_vacated, joined
 * and left member_added and member_removed (with {@code user_id}), client_event carries {@code event},
 * {@code data}, {@code socket_id} and on presence channels {@code user_id}; cache_miss its channel. Channel
 * names are the app's Pusher names. {@code time_ms} is when the batch was made (the same on every retry).
 */
final class PusherWebhookFormat implements EventFormatter {

    private final ObjectMapper json;
    private final Clock clock;

    PusherWebhookFormat(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] format(List<HookEvent> batch) {
        ObjectNode body = json.createObjectNode().put("time_ms", clock.millis());
        ArrayNode events = body.putArray("events");
        for (HookEvent e : batch) {
            PusherChannel channel = PusherChannel.fromCore(e.channel());
            String name = PusherWebhookKinds.nameOf(e.kind());
            if (channel == null || name == null) {
                continue; // the output's filter lets only the app's Pusher channels and these kinds through
            }
            ObjectNode event = events.addObject().put("name", name).put("channel", channel.name());
            switch (e.kind()) {
                case JOINED, LEFT -> event.put("user_id", e.user());
                case CLIENT_EVENT -> {
                    event.put("event", e.event()).put("data", e.data()).put("socket_id", e.client());
                    if (channel.kind() == PusherChannel.Kind.PRESENCE && e.user() != null) {
                        event.put("user_id", e.user());
                    }
                }
                default -> {
                    // the channel is all there is to say
                }
            }
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body could not be written as JSON", e);
        }
    }
}
