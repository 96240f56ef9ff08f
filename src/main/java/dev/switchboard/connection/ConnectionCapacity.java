package dev.switchboard.connection;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;

/**
 * How many client connections this node takes ({@code switchboard.limits.max-connections}), and whether it has
 * them: one limit for every face (native /ws, Pusher /app/{key}, any other protocol), counted over the
 * {@link ConnectionRegistry}, where every face's open connections are. Unset, the limit comes from the process's open-file limit: every connection is a file descriptor, and a
 * process out of descriptors cannot accept anything, not even a health probe (issue 13: with 20,000
 * descriptors and 22,000 upgrades, /q/health/ready stopped answering). So a reserve stays free for probes, the
 * API, the fallbacks, the broker and the JVM's own files; beyond the limit upgrades get 503 and readiness says
 * the node is full, while liveness and the API keep answering.
 */
@Singleton
public class ConnectionCapacity {

    private static final Logger LOG = Logger.getLogger(ConnectionCapacity.class);

    private final ConnectionRegistry connections;
    private final int max;

    public ConnectionCapacity(SwitchboardConfig config, ConnectionRegistry connections) {
        this.connections = connections;
        SwitchboardConfig.Limits limits = config.limits();
        if (limits.maxConnections().isPresent()) {
            this.max = limits.maxConnections().getAsInt();
        } else {
            long descriptors = openFileLimit();
            this.max = fromOpenFileLimit(descriptors, limits.fileDescriptorReserve());
            if (max > 0) {
                LOG.infof("switchboard.limits.max-connections unset: %d (open-file limit %d, reserve %d)", max,
                        descriptors, descriptors - max);
            }
        }
    }

    /** The limit for an open-file limit of {@code descriptors} (-1 unknown: no limit), keeping {@code reserve}. */
    static int fromOpenFileLimit(long descriptors, int reserve) {
        if (descriptors <= 0) {
            return 0;
        }
        long kept = Math.min(Math.max(reserve, 0), descriptors / 2);
        return (int) Math.min(Integer.MAX_VALUE, descriptors - kept);
    }

    /** The process's open-file limit (RLIMIT_NOFILE), or -1 where the JVM cannot tell (not a Unix). */
    static long openFileLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** The number of connections taken, of every protocol; 0 means no limit. */
    public int max() {
        return max;
    }

    /** True while the node has all the connections it takes. */
    public boolean full() {
        return max > 0 && connections.size() >= max;
    }
}
