package dev.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.switchboard.model.Refusal;

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
    BACKEND_UNAVAILABLE("backend_unavailable"),
    BACKEND_REFUSED("backend_refused"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code a refusal of the core is answered with. */
    public static ErrorCode of(Refusal.Reason reason) {
        return switch (reason) {
            case INVALID_CHANNEL -> INVALID_CHANNEL;
            case PERMISSION_DENIED -> PERMISSION_DENIED;
            case ALREADY_SUBSCRIBED -> ALREADY_SUBSCRIBED;
            case NOT_SUBSCRIBED -> NOT_SUBSCRIBED;
            case LIMIT_EXCEEDED -> LIMIT_EXCEEDED;
            case RATE_LIMITED -> RATE_LIMITED;
            case BACKEND_UNAVAILABLE -> BACKEND_UNAVAILABLE;
            case BACKEND_REFUSED -> BACKEND_REFUSED;
        };
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
