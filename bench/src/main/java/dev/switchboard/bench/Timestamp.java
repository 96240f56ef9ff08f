package dev.switchboard.bench;

import io.vertx.core.buffer.Buffer;

/**
 * Publish-to-deliver timing: the publisher puts {@code "t":<System.nanoTime()>} into the payload and the receiver,
 * in the same JVM, subtracts it from its own clock. Found by a byte scan, not a JSON parse: at a million deliveries
 * a second on a shared 2-core box, parsing every frame would make the generator the bottleneck.
 */
final class Timestamp {
    private static final byte[] KEY = {'"', 't', '"', ':'};
    /** The key inside a JSON string (Pusher's data is the payload's JSON text as a string): {@code \"t\":}. */
    private static final byte[] ESCAPED_KEY = {'\\', '"', 't', '\\', '"', ':'};

    private Timestamp() {
    }

    static String payload(long nanos) {
        return "{\"t\":" + nanos + "}";
    }

    /** Chat-like English text, so that padded payloads compress like real messages (not like one repeated byte). */
    private static final String TEXT = "Switchboard keeps one connection per browser tab and fans every publication "
            + "out to the subscribers of its channel; a chat message carries the author, the room, a few lines of "
            + "text and some metadata, while a ticker quote carries a symbol, bid, ask, last price, volume and time. ";

    /** A payload of about {@code bytes} bytes: the timestamp and a text field of chat-like words. */
    static String payload(long nanos, int bytes) {
        int room = bytes - 40;
        if (room <= 0) {
            return payload(nanos);
        }
        return "{\"t\":" + nanos + ",\"text\":\"" + chatText(room) + "\"}";
    }

    /** {@code length} characters of chat-like text. */
    static String chatText(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(TEXT, 0, Math.min(TEXT.length(), length - text.length()));
        }
        return text.toString();
    }

    /** The first {@code "t":<digits>} value in the frame at or after {@code from}, or -1. */
    static long find(Buffer frame, int from) {
        int at = indexOf(frame, from);
        return at < 0 ? -1 : digitsAt(frame, at + KEY.length);
    }

    /** The timestamp of a Pusher event, whose data is the payload as a JSON string ({@code \"t\":}); one scan. */
    static long findInString(Buffer frame) {
        int at = indexOf(frame, 0, ESCAPED_KEY);
        return at < 0 ? -1 : digitsAt(frame, at + ESCAPED_KEY.length);
    }

    /** Every {@code "t":} value in the frame (a poll answer holds many publications); calls sink for each. */
    static int forEach(Buffer frame, java.util.function.LongConsumer sink) {
        int n = 0;
        int at = indexOf(frame, 0);
        while (at >= 0) {
            long v = digitsAt(frame, at + KEY.length);
            if (v >= 0) {
                sink.accept(v);
                n++;
            }
            at = indexOf(frame, at + KEY.length);
        }
        return n;
    }

    private static int indexOf(Buffer b, int from) {
        return indexOf(b, from, KEY);
    }

    private static int indexOf(Buffer b, int from, byte[] key) {
        int end = b.length() - key.length;
        outer:
        for (int i = from; i <= end; i++) {
            for (int k = 0; k < key.length; k++) {
                if (b.getByte(i + k) != key[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long digitsAt(Buffer b, int i) {
        int n = b.length();
        while (i < n && b.getByte(i) == ' ') {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < n) {
            byte c = b.getByte(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            digits++;
            i++;
        }
        return digits == 0 ? -1 : v;
    }
}
