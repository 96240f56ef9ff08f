package dev.switchboard.broker.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.model.ClientInfo;

/** A client as Redis keeps it, in presence entries and join/leave messages: {client, user, info}. */
final class ClientJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientJson() {
    }

    static String encode(ClientInfo client) {
        ObjectNode node = JSON.createObjectNode();
        node.put("client", client.client());
        node.put("user", client.user());
        node.set("info", client.info());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    static ClientInfo decode(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("malformed JSON in Redis", e);
        }
        JsonNode info = node.get("info");
        return new ClientInfo(node.path("client").asText(), RedisBroker.textOrNull(node.get("user")),
                info == null || info.isNull() ? null : info);
    }
}
