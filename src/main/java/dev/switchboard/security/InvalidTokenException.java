package dev.switchboard.security;

/** A token that must not be trusted; the message says why, in words fit for a log, not for the client. */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
