// Usage (from the repository root): java bench/WireBytes.java   -- prints the bytes-on-the-wire table of docs/benchmarks.md, "Compression"
// (the same java.util.zip deflater, level and flush as connection/deflate/MessageDeflater; frame header included).
import java.util.zip.Deflater;
import java.nio.charset.StandardCharsets;

/** Bytes on the wire per delivered message: the frame header plus payload, plain vs permessage-deflate (level 6). */
public class WireBytes {
    static final String TEXT = "Switchboard keeps one connection per browser tab and fans every publication "
            + "out to the subscribers of its channel; a chat message carries the author, the room, a few lines of "
            + "text and some metadata, while a ticker quote carries a symbol, bid, ask, last price, volume and time. ";

    static int deflated(byte[] m) {
        Deflater d = new Deflater(6, true);
        d.setInput(m);
        byte[] out = new byte[m.length + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return n - 4;
    }

    static int header(int len) { return len < 126 ? 2 : len < 65536 ? 4 : 10; }

    static void row(String name, String frame) {
        byte[] b = frame.getBytes(StandardCharsets.UTF_8);
        int z = deflated(b);
        boolean sent = b.length >= 256 && z < b.length;
        int wire = sent ? z + header(z) : b.length + header(b.length);
        System.out.printf("| %s | %d | %d | %d | %.2f |%n", name, b.length + header(b.length), z + header(z), wire,
                (double) wire / (b.length + header(b.length)));
    }

    static String text(int n) {
        StringBuilder s = new StringBuilder();
        while (s.length() < n) s.append(TEXT, 0, Math.min(TEXT.length(), n - s.length()));
        return s.toString();
    }

    public static void main(String[] args) throws Exception {
        String pub = "{\"type\":\"publication\",\"channel\":\"%s\",\"offset\":%d,\"data\":%s}";
        row("ticker quote (demo's `Quote`)", pub.formatted("ticker:ACME", 48213,
                "{\"symbol\":\"ACME\",\"price\":101.37,\"open\":99.82,\"changePct\":1.5528,\"ts\":1764620000123}"));
        row("bench ~200 B payload", pub.formatted("bench-0", 48213, "{\"t\":1234567890123456,\"text\":\"" + text(160) + "\"}"));
        row("chat ~1 KB (bench 1000 B payload)", pub.formatted("bench-0", 48213, "{\"t\":1234567890123456,\"text\":\"" + text(960) + "\"}"));
        String prose = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(args.length > 0 ? args[0] : "docs/architecture.md")), StandardCharsets.UTF_8)
                .replaceAll("[^A-Za-z0-9 .,;:()'-]", " ").replaceAll(" +", " ");
        row("chat ~1 KB of non-repeating prose", pub.formatted("chat:lobby", 48213, "{\"user\":\"alice\",\"text\":\"" + prose.substring(0, 960) + "\"}"));
        StringBuilder doc = new StringBuilder("[");
        java.util.Random r = new java.util.Random(1);
        while (doc.length() < 16 * 1024) {
            doc.append(String.format("{\"id\":%d,\"user\":\"user%d\",\"room\":\"chat:lobby\",\"text\":\"%s\",\"ts\":%d,\"likes\":%d},",
                    doc.length(), r.nextInt(500), text(40 + r.nextInt(80)).substring(r.nextInt(30)), 1764620000000L + r.nextInt(1000000), r.nextInt(50)));
        }
        doc.setCharAt(doc.length() - 1, ']');
        row("16 KB JSON document (a list of chat messages)", pub.formatted("chat:lobby", 48213, doc));
    }
}
