package dev.switchboard.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Says in a developer's words which field of a JSON body had the wrong shape. */
final class JsonErrors {
    private JsonErrors() {
    }

    static String describe(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse(null);
        String expected = expected(e.getTargetType());
        if (field == null) {
            return "The body must be a JSON object (" + expected + ").";
        }
        return "Field '" + field + "' has the wrong type; expected " + expected + ".";
    }

    private static String expected(Class<?> type) {
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
}
