package dev.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code code} of an {@code error} frame (PROTOCOL.md, "Errors"). The connection stays open after each. */
public enum ErrorCode {
    BAD_REQUEST("bad_request"),
    UNKNOWN_TYPE("unknown_type"),
    INVALID_CHANNEL("invalid_channel"),
    PERMISSION_DENIED("permission_denied"),
    ALREADY_SUBSCRIBED("already_subscribed"),
    NOT_SUBSCRIBED("not_subscribed"),
    LIMIT_EXCEEDED("limit_exceeded"),
    RATE_LIMITED("rate_limited"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
