package dev.switchboard.connection;

/**
 * Recognises Vert.x's report of a fragmented message that grew past {@code max-message-size}. Vert.x signals it
 * with a plain IllegalStateException and leaves the connection open; the protocol wants a close with 1009.
 * (A single frame over the limit never gets this far: Netty's decoder closes it with 1009 itself.)
 */
public final class MessageTooBig {
    private MessageTooBig() {
    }

    public static boolean is(Throwable failure) {
        return failure instanceof IllegalStateException
                && failure.getMessage() != null
                && failure.getMessage().contains("max message size");
    }
}
