package dev.switchboard.protocol;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A Jackson module that refuses strings which are not valid Unicode wherever a mapper reads them: String
 * fields and every text value and field name of a JsonNode ({@code data}). Installed on the strict mappers of
 * both codecs and of the HTTP API, so every entry applies the same rule before anything is published.
 */
public final class UnicodeStrings {

    private UnicodeStrings() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("switchboard-unicode-strings");
        module.addDeserializer(String.class, new CheckedString());
        module.addDeserializer(JsonNode.class, new CheckedTree());
        return module;
    }

    static void check(JsonParser parser, CharSequence s) throws InvalidUnicodeException {
        String problem = UnicodeText.problem(s);
        if (problem != null) {
            throw new InvalidUnicodeException(parser, problem);
        }
    }

    /** Checks a whole tree: text values and field names at any depth. */
    static void check(JsonParser parser, JsonNode node) throws InvalidUnicodeException {
        if (node.isTextual()) {
            check(parser, node.textValue());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                check(parser, field.getKey());
                check(parser, field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                check(parser, element);
            }
        }
    }

    private static final class CheckedString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null) {
                check(p, value);
            }
            return value;
        }
    }

    private static final class CheckedTree extends StdDeserializer<JsonNode> {
        private static final JsonDeserializer<? extends JsonNode> TREE = JsonNodeDeserializer.getDeserializer(
                JsonNode.class);

        CheckedTree() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = TREE.deserialize(p, ctxt);
            check(p, node);
            return node;
        }

        /** A JSON null is a value here (PROTOCOL.md: {@code data} may be any JSON value), as in Jackson's own. */
        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) {
            return NullNode.getInstance();
        }

        /** A missing field stays missing (null), so required fields are still reported as missing. */
        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
