package dev.switchboard.pusher;

/**
 * A refused Pusher HTTP API call: a status and Pusher's plain-text reason. Its own type, thrown and answered
 * inside the Pusher routes only (never a JAX-RS exception), so the native API's problem+json mappers never see it.
 */
final class PusherHttpError extends RuntimeException {

    private final int status;

    PusherHttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
