package dev.switchboard.api;

import dev.switchboard.protocol.UnicodeText;

/**
 * The fallbacks' side of the one text rule (docs/protocol.md, "Text must be Unicode"): a query string whose
 * percent-decoded bytes are not UTF-8 (RFC 3986 2.5, e.g. {@code %ED%A0%80}) is refused with 400. The decoder
 * that reads parameters would quietly turn such bytes into U+FFFD and carry on with a value the client never
 * sent.
 */
final class QueryText {
    private QueryText() {
    }

    /** Throws a 400 problem when {@code rawQuery} (as received, still percent-encoded) is not UTF-8. */
    static void requireUtf8(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        byte[] bytes = new byte[rawQuery.length()];
        int n = 0;
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c == '%' && i + 2 < rawQuery.length() && hex(rawQuery.charAt(i + 1)) >= 0
                    && hex(rawQuery.charAt(i + 2)) >= 0) {
                bytes[n++] = (byte) (hex(rawQuery.charAt(i + 1)) << 4 | hex(rawQuery.charAt(i + 2)));
                i += 2;
            } else if (c > 0x7f) {
                return; // not percent-encoded at all; the server has already decoded it as text
            } else {
                bytes[n++] = (byte) c;
            }
        }
        if (!UnicodeText.isWellFormedUtf8(bytes, 0, n)) {
            throw ApiProblem.badRequest(BadRequest.NOT_UNICODE,
                    "The query string is not UTF-8 once percent-decoded (RFC 3986 2.5); parameters must be "
                            + "valid Unicode.");
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
