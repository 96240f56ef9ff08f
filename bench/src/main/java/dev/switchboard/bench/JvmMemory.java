package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server JVM itself says about its memory, through jcmd: live heap bytes after a full GC (the class
 * histogram's total) and, when the server runs with -XX:NativeMemoryTracking=summary, committed KB per NMT
 * category (Java Heap, Thread, Other = direct buffers and Netty's Unsafe allocations, ...).
 */
final class JvmMemory {
    private static final Pattern NMT = Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern HISTO_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)");

    private JvmMemory() {
    }

    /** Forces a full GC through the class histogram and returns live heap bytes, or -1. */
    static long liveHeapBytes(ServerProcess server, StringBuilder histogram) {
        String out = server.jcmd("GC.class_histogram");
        Matcher m = HISTO_TOTAL.matcher(out);
        if (histogram != null) {
            histogram.append(out); // whole: small classes add up over thousands of connections
        }
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    /** Committed KB per NMT category; empty when NMT is off. */
    static JsonObject nativeMemoryKb(ServerProcess server) {
        String out = server.jcmd("VM.native_memory", "summary");
        JsonObject o = new JsonObject();
        Matcher m = NMT.matcher(out);
        while (m.find()) {
            o.put(m.group(1).trim(), Long.parseLong(m.group(3)));
        }
        Matcher total = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB").matcher(out);
        if (total.find()) {
            o.put("Total", Long.parseLong(total.group(2)));
        }
        return o;
    }
}
