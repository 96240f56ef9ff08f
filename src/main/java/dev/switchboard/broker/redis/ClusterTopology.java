package dev.switchboard.broker.redis;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import io.vertx.mutiny.redis.client.Response;

/**
 * Which primary serves each hash slot, from a {@code CLUSTER SLOTS} reply. Endpoints are {@code host:port}.
 * Immutable; a node reads a new one whenever the cluster may have changed (periodically, on a MOVED answer, on
 * a slot migration's {@code sunsubscribe}, on a lost shard connection).
 */
final class ClusterTopology {

    private final String[] owners;
    private final Set<String> primaries;

    private ClusterTopology(String[] owners, Set<String> primaries) {
        this.owners = owners;
        this.primaries = primaries;
    }

    /** Each entry: [start, end, [host, port, id, ...] (the primary), [replica]...]. */
    static ClusterTopology parse(Response slots) {
        String[] owners = new String[ClusterSlot.SLOTS];
        Set<String> primaries = new LinkedHashSet<>();
        for (Response range : slots) {
            int start = range.get(0).toInteger();
            int end = range.get(1).toInteger();
            Response primary = range.get(2);
            String endpoint = primary.get(0).toString() + ":" + primary.get(1).toInteger();
            primaries.add(endpoint);
            Arrays.fill(owners, start, end + 1, endpoint);
        }
        return new ClusterTopology(owners, Set.copyOf(primaries));
    }

    /** The primary serving the slot, or null while no primary does (a failed shard before its failover). */
    String owner(int slot) {
        return owners[slot];
    }

    /** A copy with one slot's owner changed, as a MOVED answer tells it before the next full read. */
    ClusterTopology moved(int slot, String endpoint) {
        String[] copy = owners.clone();
        copy[slot] = endpoint;
        Set<String> all = new LinkedHashSet<>(primaries);
        all.add(endpoint);
        return new ClusterTopology(copy, Set.copyOf(all));
    }

    Set<String> primaries() {
        return primaries;
    }

    boolean sameAs(ClusterTopology other) {
        return other != null && Arrays.equals(owners, other.owners);
    }

    /** How many slots each primary serves, for logs and the benchmark's distribution. */
    String describe() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String owner : owners) {
            counts.merge(owner == null ? "(none)" : owner, 1, Integer::sum);
        }
        return counts.toString();
    }
}
