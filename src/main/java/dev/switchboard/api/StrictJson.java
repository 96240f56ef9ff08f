package dev.switchboard.api;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.switchboard.protocol.JsonCodec;

/**
 * Reads API bodies with the same strict rules as WebSocket frames ({@link JsonCodec#strictMapper()}): a number
 * is not a channel name and "5" is not a number. Scoped to the API's own methods, so the application's shared
 * ObjectMapper stays as it is.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    private static final ObjectMapper STRICT = JsonCodec.strictMapper();

    @Override
    public ObjectReader apply(ObjectMapper shared, Type type) {
        return STRICT.readerFor(STRICT.constructType(type));
    }
}
