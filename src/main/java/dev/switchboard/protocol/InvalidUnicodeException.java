package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A string read from JSON or CBOR that is not valid Unicode ({@link UnicodeText}). A Jackson exception, so it
 * travels out of deserializers like Jackson's own; its message quotes nothing of the offending string (quoting
 * a lone surrogate back would make the error frame itself impossible to encode).
 */
public final class InvalidUnicodeException extends JsonMappingException {

    InvalidUnicodeException(JsonParser parser, String message) {
        super(parser, message);
    }

    /** The message without Jackson's location suffix, for error frames and problem details. */
    public String reason() {
        return getOriginalMessage();
    }
}
