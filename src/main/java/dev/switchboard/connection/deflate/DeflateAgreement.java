package dev.switchboard.connection.deflate;

/**
 * What one connection agreed to at its upgrade: permessage-deflate with no context takeover in either direction
 * (so every message is compressed on its own and the server's compressor and decompressor can be shared by the
 * event loop), and the window the client allowed the server to use.
 *
 * @param serverMaxWindowBits the {@code server_max_window_bits} the client asked for, 15 when it asked nothing
 */
public record DeflateAgreement(int serverMaxWindowBits) {

    public static final int MAX_WINDOW_BITS = 15;
    public static final int MIN_WINDOW_BITS = 8;

    /** The agreement of a client that did not restrict the server's window. */
    public static final DeflateAgreement DEFAULT = new DeflateAgreement(MAX_WINDOW_BITS);

    /**
     * The {@code Sec-WebSocket-Extensions} answer. RFC 7692 7.1.1.1 and 7.1.1.2 let the server add both
     * {@code *_no_context_takeover} parameters unasked; 7.1.2.1 requires {@code server_max_window_bits} in the
     * answer, with the same or a smaller value, when the client offered it. {@code client_max_window_bits} is
     * left out (7.1.2.2 makes it optional): the server inflates any window up to 15 bits.
     */
    public String responseHeader() {
        String answer = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
        return serverMaxWindowBits == MAX_WINDOW_BITS ? answer : answer + "; server_max_window_bits=" + serverMaxWindowBits;
    }

    /**
     * The longest message that may be compressed under this agreement. java.util.zip always deflates with a
     * 32 KiB window, but a message compressed on its own cannot refer back further than its own length, so a
     * message of at most 2^bits bytes stays within a smaller window the client asked for; longer ones go out
     * uncompressed (RFC 7692 6: a message may always be sent uncompressed).
     */
    public int largestCompressible() {
        return serverMaxWindowBits == MAX_WINDOW_BITS ? Integer.MAX_VALUE : 1 << serverMaxWindowBits;
    }
}
