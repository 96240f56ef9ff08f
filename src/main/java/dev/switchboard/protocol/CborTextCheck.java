package dev.switchboard.protocol;

/**
 * Walks the data items of a CBOR frame (RFC 8949 3) and checks every text string is well-formed UTF-8, which
 * 3.1 requires and Jackson's CBOR parser does not check (it decodes ED A0 80 to a lone surrogate and C0 80 to
 * NUL). It only reads heads and skips payloads; anything it cannot walk is reported as not well-formed, which
 * the codec answers like any other frame that is not a CBOR map.
 */
final class CborTextCheck {

    /** The same bound on nesting as the parser's (CborCodec), so a deep frame cannot exhaust the stack here. */
    private static final int MAX_DEPTH = 64;
    private static final int BREAK = -1;

    private final byte[] b;
    private int pos;

    private CborTextCheck(byte[] b) {
        this.b = b;
    }

    /** True when every item of the frame could be walked and every text string in it is UTF-8. */
    static boolean textIsUtf8(byte[] frame) {
        CborTextCheck check = new CborTextCheck(frame);
        try {
            while (check.pos < frame.length) {
                if (check.item(0) == BREAK) {
                    return false;
                }
            }
            return true;
        } catch (Malformed e) {
            return false;
        }
    }

    /** Walks one data item; returns BREAK when it was the "break" stop code (0xff), else 0. */
    private int item(int depth) {
        if (depth > MAX_DEPTH) {
            throw Malformed.INSTANCE;
        }
        int initial = next();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (initial == 0xff) {
            return BREAK;
        }
        if (info == 31) {
            indefinite(major, depth);
            return 0;
        }
        long argument = argument(info);
        switch (major) {
            case 0, 1 -> {
            }
            case 2 -> skip(argument);
            case 3 -> text(argument);
            case 4 -> {
                for (long i = 0; i < argument; i++) {
                    definiteItem(depth + 1);
                }
            }
            case 5 -> {
                for (long i = 0; i < argument; i++) {
                    definiteItem(depth + 1);
                    definiteItem(depth + 1);
                }
            }
            case 6 -> definiteItem(depth + 1);
            default -> {
                // major 7: simple values and floats; their argument was the whole payload
            }
        }
        return 0;
    }

    private void definiteItem(int depth) {
        if (item(depth) == BREAK) {
            throw Malformed.INSTANCE;
        }
    }

    private void indefinite(int major, int depth) {
        switch (major) {
            case 2, 3 -> {
                // 3.2.3: chunks are definite-length strings of the same major type, each well-formed alone
                while (true) {
                    int initial = next();
                    if (initial == 0xff) {
                        return;
                    }
                    if (initial >>> 5 != major || (initial & 0x1f) == 31) {
                        throw Malformed.INSTANCE;
                    }
                    long length = argument(initial & 0x1f);
                    if (major == 3) {
                        text(length);
                    } else {
                        skip(length);
                    }
                }
            }
            case 4, 5 -> {
                while (true) {
                    if (item(depth + 1) == BREAK) {
                        return;
                    }
                    if (major == 5) {
                        definiteItem(depth + 1);
                    }
                }
            }
            default -> throw Malformed.INSTANCE; // 3.2.4: 31 with major 0, 1 or 6 is not well-formed
        }
    }

    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        int bytes = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw Malformed.INSTANCE; // 28..30 are reserved (3.1)
        };
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | next();
        }
        return value;
    }

    private void text(long length) {
        int start = pos;
        skip(length);
        if (!UnicodeText.isWellFormedUtf8(b, start, (int) length)) {
            throw Malformed.INSTANCE;
        }
    }

    private void skip(long length) {
        if (length < 0 || length > b.length - pos) {
            throw Malformed.INSTANCE;
        }
        pos += (int) length;
    }

    private int next() {
        if (pos >= b.length) {
            throw Malformed.INSTANCE;
        }
        return b[pos++] & 0xff;
    }

    /** Control flow for a frame that cannot be walked; no stack trace, it is the client's input. */
    private static final class Malformed extends RuntimeException {
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super("not well-formed CBOR", null, false, false);
        }
    }
}
