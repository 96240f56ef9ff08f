package dev.switchboard.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.switchboard.protocol.JsonCodec;

/** Says in a developer's words which field of a JSON body had the wrong shape. */
final class JsonErrors {
    private JsonErrors() {
    }

    static String describe(MismatchedInputException e) {
        String field = JsonCodec.fieldPath(e);
        String expected = JsonCodec.jsonTypeName(e.getTargetType());
        if (field == null) {
            return "The body must be a JSON object (" + expected + ").";
        }
        return "Field '" + field + "' has the wrong type; expected " + expected + ".";
    }
}
