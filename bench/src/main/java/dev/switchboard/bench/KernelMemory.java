package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Machine-wide kernel memory that sockets cost: all slab caches (socket structs, inodes, dentries, epoll entries,
 * file objects) from /proc/slabinfo, and TCP buffer pages from /proc/net/sockstat. Both ends of a loopback
 * connection live in this kernel, so a delta per connection counts the client's socket too.
 */
record KernelMemory(long slabBytes, long tcpBufferBytes, long tcpSockets) {
    private static final long PAGE = 4096;

    static KernelMemory read() {
        return new KernelMemory(slab(), sockstat("mem") * PAGE, sockstat("inuse"));
    }

    private static long slab() {
        try {
            long total = 0;
            for (String line : Files.readAllLines(Path.of("/proc/slabinfo"))) {
                if (line.startsWith("slabinfo") || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                total += Long.parseLong(f[2]) * Long.parseLong(f[3]); // num_objs x objsize
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long sockstat(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                if (line.startsWith("TCP:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    for (int i = 0; i + 1 < f.length; i += 2) {
                        if (f[i].equals(field)) {
                            return Long.parseLong(f[i + 1]);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
