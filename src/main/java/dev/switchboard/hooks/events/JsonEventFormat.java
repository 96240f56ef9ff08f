package dev.switchboard.hooks.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Switchboard's own event body (docs/hooks.md): {@code {"events": [{"id", "kind", "time", "client", "user",
 * "protocol", ...}]}}, each event with only the fields of its kind.
 */
public final class JsonEventFormat implements EventFormatter {

    private final ObjectMapper json;

    public JsonEventFormat(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] format(List<HookEvent> batch) {
        List<Map<String, Object>> events = new ArrayList<>(batch.size());
        for (HookEvent e : batch) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", e.id());
            event.put("kind", e.kind().wire());
            event.put("time", e.time());
            event.put("client", e.client());
            event.put("user", e.user());
            event.put("protocol", e.protocol());
            if (e.channel() != null) {
                event.put("channel", e.channel());
            }
            if (e.event() != null) {
                event.put("event", e.event());
                event.put("data", e.data());
            }
            if (e.code() != null) {
                event.put("code", e.code());
                event.put("reason", e.reason());
            }
            events.add(event);
        }
        try {
            return json.writeValueAsBytes(Map.of("events", events));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("events could not be written as JSON", e);
        }
    }
}
