// Usage (from the repository root, after ./mvnw package -DskipTests):
//   java -cp "target/classes:target/quarkus-app/lib/main/*" bench/DeltaBytes.java
// Prints the bytes-per-delivered-update table of docs/benchmarks.md, "Deltas": the demo ticker's quote and a 2 KB
// game state, 1,000 updates each (deterministic), as the server's own encoders frame them (NativeEncodings: the
// plain publication, a delta subscription's whole and delta frames) and as permessage-deflate would send them (the
// same java.util.zip deflater, level, flush and 256-byte threshold as connection/deflate; frame header included).
import java.util.Random;
import java.util.zip.Deflater;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.demo.Quote;
import dev.switchboard.demo.QuoteWalk;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Publication;
import dev.switchboard.model.delta.DeltaBase;
import dev.switchboard.model.delta.DeltaEncodings;
import dev.switchboard.protocol.NativeEncodings;

public class DeltaBytes {
    static final int UPDATES = 1000;
    static final int MIN_DEFLATE = 256;
    static final ObjectMapper JSON = new ObjectMapper();

    static int deflated(byte[] m) {
        Deflater d = new Deflater(6, true);
        d.setInput(m);
        byte[] out = new byte[m.length + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return n - 4;
    }

    static int header(int len) { return len < 126 ? 2 : len < 65536 ? 4 : 10; }

    static int wire(byte[] frame, boolean deflate) {
        if (deflate && frame.length >= MIN_DEFLATE) {
            int z = deflated(frame);
            if (z < frame.length) {
                return z + header(z);
            }
        }
        return frame.length + header(frame.length);
    }

    interface Source { String next(int i) throws Exception; }

    static void row(String name, String channel, Source source) throws Exception {
        long plain = 0, plainZ = 0, delta = 0, deltaZ = 0;
        ChannelEvent previous = null;
        for (int i = 1; i <= UPDATES; i++) {
            Publication p = new Publication(channel, i, JSON.readTree(source.next(i)), null);
            ChannelEvent event = ChannelEvent.publication(p);
            if (previous != null) {
                event.deltaBase(new DeltaBase(i - 1, previous.encoded(DeltaEncodings.DATA_TEXT)));
            }
            byte[] plainFrame = event.encoded(NativeEncodings.JSON);
            // A delta subscriber's first update comes whole (data as text), every next one as a delta.
            byte[] deltaFrame = previous == null ? event.encoded(NativeEncodings.JSON_AS_TEXT)
                    : event.encoded(NativeEncodings.JSON_DELTA);
            plain += wire(plainFrame, false);
            plainZ += wire(plainFrame, true);
            delta += wire(deltaFrame, false);
            deltaZ += wire(deltaFrame, true);
            previous = event;
        }
        System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f | %.2f |%n", name, (double) plain / UPDATES,
                (double) plainZ / UPDATES, (double) delta / UPDATES, (double) deltaZ / UPDATES,
                (double) deltaZ / plain);
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| payload (1,000 updates) | plain B/update | plain + deflate | delta | delta + deflate | delta + deflate / plain |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        QuoteWalk walk = new QuoteWalk("ACME", QuoteWalk.openingPriceFor("ACME"), new Random(19));
        row("demo ticker quote (`Quote`, ~90 B of data)", "ticker:ACME",
                i -> JSON.writeValueAsString(walk.next(1_764_000_000_000L + i * 500L)));
        GameState game = new GameState(new Random(19));
        row("2 KB game state (24 players, 2 move per update)", "game:match-1", i -> game.next());
    }

    /** The game state of DeltaDeliveryTest: 24 players; each update moves two of them and advances the tick. */
    static final class GameState {
        private final Random random;
        private final int[][] players = new int[24][3];
        private int tick;

        GameState(Random random) {
            this.random = random;
            for (int[] p : players) {
                p[0] = random.nextInt(10_000);
                p[1] = random.nextInt(10_000);
                p[2] = 100;
            }
        }

        String next() {
            tick++;
            for (int k = 0; k < 2; k++) {
                int[] p = players[random.nextInt(players.length)];
                p[0] += random.nextInt(21) - 10;
                p[1] += random.nextInt(21) - 10;
                p[2] = Math.max(0, p[2] - random.nextInt(3));
            }
            StringBuilder json = new StringBuilder("{\"tick\":").append(tick).append(",\"map\":\"docks\",\"players\":[");
            for (int i = 0; i < players.length; i++) {
                json.append(i == 0 ? "" : ",").append("{\"id\":\"player-").append(i).append("\",\"name\":\"Player ")
                        .append(i).append("\",\"x\":").append(players[i][0]).append(",\"y\":")
                        .append(players[i][1]).append(",\"hp\":").append(players[i][2]).append(",\"team\":\"")
                        .append(i % 2 == 0 ? "red" : "blue").append("\",\"alive\":true}");
            }
            return json.append("]}").toString();
        }
    }
}
