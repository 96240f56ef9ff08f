package dev.switchboard.model;

/**
 * The core's "no" to a request it will not carry out (a bad channel name, a missing permission, a limit): the
 * reason is protocol-neutral, and each face turns it into its own answer (the native protocol's {@code error}
 * frame code, an HTTP problem, a Pusher error event). Carries no stack trace: it is control flow for bad input,
 * not a server fault.
 */
public final class Refusal extends RuntimeException {

    public enum Reason {
        INVALID_CHANNEL,
        PERMISSION_DENIED,
        ALREADY_SUBSCRIBED,
        NOT_SUBSCRIBED,
        LIMIT_EXCEEDED,
        RATE_LIMITED,
        /** A back-end hook did not answer usably (timeout, error status, bad JSON, unreachable, not configured). */
        BACKEND_UNAVAILABLE,
        /** The back end answered a call with an error of its own (its message is the refusal's). */
        BACKEND_REFUSED
    }

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
