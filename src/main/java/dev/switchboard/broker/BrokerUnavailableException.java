package dev.switchboard.broker;

/**
 * The broker cannot serve the request now (e.g. Redis is unreachable). Nothing was acknowledged: a publish that
 * fails with this may or may not have been stored, and the caller must not report it as done. The WebSocket
 * gateway answers it with an {@code internal} error "broker unavailable"; the HTTP API answers 503.
 */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message) {
        super(message, null, false, false);
    }

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
