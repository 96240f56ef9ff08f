package dev.switchboard.protocol;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.switchboard.model.InputExcerpt;

/**
 * Turns text frames into {@link Command}s and {@link ServerFrame}s into text, for the {@code switchboard.v1.json}
 * subprotocol. Every way a frame can be wrong ends as a {@link ProtocolException} with the code PROTOCOL.md
 * gives; nothing about JSON parsing leaks out of this class.
 */
public final class JsonCodec {

    private static final Map<String, Class<? extends Command>> COMMAND_TYPES = commandTypes();

    private final ObjectMapper mapper;

    public JsonCodec() {
        this(strictMapper());
    }

    public JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A mapper that refuses to guess: "5" is not a number, 5 is not a string, unknown fields are ignored. */
    public static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(UnicodeStrings.module())
                .build();
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Integer);
        // Deeply nested payloads are a cheap way to burn a parser's stack; real messages never need this much.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        return mapper;
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** The mapper itself, for the codec property tests' re-encoding of decoded commands (same package only). */
    ObjectMapper mapper() {
        return mapper;
    }

    /** Decodes one text frame into a command, or throws {@link ProtocolException} saying what is wrong. */
    public Command decode(String text) {
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (InvalidUnicodeException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.reason());
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not a JSON object");
        }
        return decode(tree);
    }

    /** Decodes an already parsed frame (shared with the CBOR codec, which produces the same tree). */
    public Command decode(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not a JSON object");
        }
        Long id = commandId(tree.get("id"));
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'type' is required and must be a string", id);
        }
        Class<? extends Command> type = COMMAND_TYPES.get(typeNode.textValue());
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown type '" + InputExcerpt.of(typeNode.textValue()) + "'; expected one of "
                            + String.join(", ", COMMAND_TYPES.keySet()),
                    id);
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(ErrorCode.BAD_REQUEST, cause.getMessage(), id);
        } catch (InvalidUnicodeException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.reason(), id);
        } catch (MismatchedInputException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, describeMismatch(e), id);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "malformed '" + typeNode.textValue() + "' command", id);
        }
    }

    public String encode(ServerFrame frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
        }
    }

    /** The frame as UTF-8 JSON: what a WebSocket text frame carries, without a String in between. */
    public byte[] encodeUtf8(ServerFrame frame) {
        try {
            return mapper.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
        }
    }

    private static Long commandId(JsonNode idNode) {
        if (idNode == null || idNode.isNull()) {
            return null;
        }
        if (!idNode.isIntegralNumber() || !idNode.canConvertToLong() || idNode.longValue() <= 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'id' must be a positive integer");
        }
        return idNode.longValue();
    }

    /**
     * Where in a JSON document a value had the wrong shape, as {@code a.b[2]}; null at the top level. Shared by
     * every reader of JSON (frames here, HTTP bodies in the API) so they name fields alike.
     */
    public static String fieldPath(MismatchedInputException e) {
        return e.getPath().isEmpty() ? null
                : e.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .reduce((a, b) -> a + "." + b).orElse(null);
    }

    private static String describeMismatch(MismatchedInputException e) {
        String field = fieldPath(e);
        String expected = jsonTypeName(e.getTargetType());
        if (e instanceof InvalidFormatException || field != null) {
            return "field '" + field + "' has the wrong type; expected " + expected;
        }
        return "malformed command: expected " + expected;
    }

    /** A Java type as a JSON type in a developer's words ("a string", "an integer", ...), for error messages. */
    public static String jsonTypeName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Wire name to record class, in {@link FrameTypes#COMMANDS} order (the error message lists them so). */
    private static Map<String, Class<? extends Command>> commandTypes() {
        var types = new java.util.LinkedHashMap<String, Class<? extends Command>>();
        for (FrameTypes.FrameType<Command> command : FrameTypes.COMMANDS) {
            types.put(command.wireName(), command.type());
        }
        return java.util.Collections.unmodifiableMap(types);
    }
}
