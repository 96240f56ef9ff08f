package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A flood of large publications into one channel, paced by a subscriber that keeps reading: a few publications
 * in flight at a time, so a reader that keeps up never nears an outbound bound while one that stopped reading
 * falls further behind with each batch. Checks that the reading subscriber gets every publication in order.
 */
public final class PacedFlood {

    private static final int IN_FLIGHT = 4;

    private PacedFlood() {
    }

    /** Publishes {@code count} publications of {@code bodyBytes} each ({@code data.n} = 1..count). */
    public static void publish(TestClient publisher, TestClient reader, String channel, int count, int bodyBytes) {
        String body = "\"" + "p".repeat(bodyBytes) + "\"";
        for (int first = 1; first <= count; first += IN_FLIGHT) {
            int last = Math.min(count, first + IN_FLIGHT - 1);
            for (int n = first; n <= last; n++) {
                publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":{\"n\":" + n
                        + ",\"body\":" + body + "}}");
            }
            var received = reader.publications(channel, last - first + 1);
            for (int k = 0; k <= last - first; k++) {
                assertEquals(first + k, received.get(k).path("data").path("n").asInt(), "publication order");
            }
        }
    }
}
