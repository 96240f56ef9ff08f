package dev.switchboard.model;

/**
 * How a client's own input is quoted back in an error message (an unknown type, a bad channel name, an unknown app
 * key): at most 64 characters, so a hostile megabyte-long name costs the error frame nothing. One rule for every
 * face, since each of them quotes input.
 */
public final class InputExcerpt {

    static final int MAX_CHARS = 64;

    private InputExcerpt() {
    }

    /** The text, cut at {@value #MAX_CHARS} characters with "..." after; "" for null. */
    public static String of(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...";
    }
}
