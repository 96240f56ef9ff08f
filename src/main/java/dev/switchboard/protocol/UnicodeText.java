package dev.switchboard.protocol;

/**
 * The one rule for text at every entry (docs/protocol.md, "Text must be Unicode"): a string is a sequence of
 * Unicode scalar values. In UTF-16 (Java, JSON escapes) that means no unpaired surrogate; in UTF-8 (CBOR text
 * strings, RFC 8949 3.1; WebSocket text frames, RFC 6455 8.1) the well-formed sequences of Unicode 15, table
 * 3-7, which exclude overlong forms, encoded surrogates (ED A0 80) and anything beyond U+10FFFF.
 */
public final class UnicodeText {

    private UnicodeText() {
    }

    /** Index of the first char of {@code s} that is half of no surrogate pair, or -1 when there is none. */
    public static int unpairedSurrogate(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** What is wrong with {@code s}, in words that quote no part of it, or null when it is valid Unicode. */
    public static String problem(CharSequence s) {
        int at = unpairedSurrogate(s);
        return at < 0 ? null
                : String.format("strings must be valid Unicode: unpaired surrogate \\u%04x at index %d",
                        (int) s.charAt(at), at);
    }

    /** Whether {@code length} bytes of {@code b} from {@code offset} are well-formed UTF-8 (table 3-7). */
    public static boolean isWellFormedUtf8(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b0 = b[i] & 0xff;
            if (b0 < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            if (b0 >= 0xc2 && b0 <= 0xdf) {
                need = 1;
            } else if (b0 >= 0xe0 && b0 <= 0xef) {
                need = 2;
                if (b0 == 0xe0) {
                    lo = 0xa0; // shorter forms are overlong
                } else if (b0 == 0xed) {
                    hi = 0x9f; // ED A0..BF would encode surrogates
                }
            } else if (b0 >= 0xf0 && b0 <= 0xf4) {
                need = 3;
                if (b0 == 0xf0) {
                    lo = 0x90;
                } else if (b0 == 0xf4) {
                    hi = 0x8f; // beyond U+10FFFF
                }
            } else {
                return false; // 80..C1 (continuation or overlong lead) and F5..FF never start a character
            }
            if (end - i <= need) {
                return false;
            }
            int b1 = b[i + 1] & 0xff;
            if (b1 < lo || b1 > hi) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int bk = b[i + k] & 0xff;
                if (bk < 0x80 || bk > 0xbf) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
