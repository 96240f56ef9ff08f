package dev.switchboard.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three primaries and three replicas (redis-server --cluster-enabled yes, joined with
 * {@code redis-cli --cluster create --cluster-replicas 1}) on free ports, started and stopped by the test.
 * A short node timeout keeps failovers in the seconds. Skipped without redis-server/redis-cli (fails under CI).
 */
public final class RedisClusterNodes implements AutoCloseable {

    private final Map<Integer, RedisProcess> nodes = new LinkedHashMap<>();

    private RedisClusterNodes() {
    }

    public static RedisClusterNodes startOrSkip() {
        String server = RedisBinaries.require("redis-server", "redis-server");
        RedisBinaries.require("redis-cli", "redis-tools");
        RedisClusterNodes cluster = new RedisClusterNodes();
        try {
            for (int i = 0; i < 6; i++) {
                int port = RedisServer.freePort();
                cluster.nodes.put(port, RedisProcess.start(server, null, port, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000", "--save", "",
                        "--appendonly", "no", "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0")));
            }
            List<String> create = new ArrayList<>(List.of(RedisBinaries.require("redis-cli", "redis-tools"),
                    "--cluster", "create"));
            cluster.nodes.keySet().forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            RedisBinaries.run(create, 60);
            cluster.awaitHealthy();
            return cluster;
        } catch (IOException | RuntimeException | AssertionError e) {
            cluster.close();
            throw new AssertionError("could not start the Redis Cluster", e);
        }
    }

    /** {@code quarkus.redis.hosts}: every node. */
    public String hosts() {
        return nodes.keySet().stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** Ports of the live primaries, as the cluster sees them now. */
    public List<Integer> primaries() {
        List<Integer> primaries = new ArrayList<>();
        for (String line : clusterNodes()) {
            String[] f = line.split(" ");
            if (f[2].contains("master") && !f[2].contains("fail")) {
                primaries.add(port(f[1]));
            }
        }
        return primaries;
    }

    /** The port of the primary serving the key's (or shard channel's) slot. */
    public int ownerOf(String key) {
        int slot = slotOf(key);
        for (String line : clusterNodes()) {
            String[] f = line.split(" ");
            if (!f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return port(f[1]);
                }
            }
        }
        throw new AssertionError("no primary serves slot " + slot);
    }

    public int slotOf(String key) {
        return Integer.parseInt(RedisBinaries.cli(anyLivePort(), "CLUSTER", "KEYSLOT", key));
    }

    /** The shard channels a primary has subscribers for. */
    public List<String> shardChannels(int port) {
        String out = RedisBinaries.cli(port, "PUBSUB", "SHARDCHANNELS");
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    /**
     * Moves one slot with its keys from one primary to another, the way redis-cli --cluster reshard does
     * (IMPORTING / MIGRATING, MIGRATE the keys in batches, then SETSLOT NODE on every primary).
     */
    public void migrateSlot(int slot, int fromPort, int toPort) {
        String fromId = RedisBinaries.cli(fromPort, "CLUSTER", "MYID");
        String toId = RedisBinaries.cli(toPort, "CLUSTER", "MYID");
        RedisBinaries.cli(toPort, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", fromId);
        RedisBinaries.cli(fromPort, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", toId);
        while (true) {
            String keys = RedisBinaries.cli(fromPort, "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "10");
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(toPort), "",
                    "0", "5000", "KEYS"));
            migrate.addAll(Arrays.asList(keys.split("\n")));
            RedisBinaries.cli(fromPort, migrate.toArray(String[]::new));
        }
        RedisBinaries.cli(toPort, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", toId);
        RedisBinaries.cli(fromPort, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", toId);
        for (int primary : primaries()) {
            if (primary != toPort && primary != fromPort) {
                RedisBinaries.cli(primary, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", toId);
            }
        }
    }

    /** SIGKILL of one node (a crash). */
    public void kill(int port) {
        nodes.get(port).kill();
    }

    /** Waits until a replica took over every slot of the killed primary and the cluster is healthy again. */
    public void awaitHealthy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ok = true;
            for (Map.Entry<Integer, RedisProcess> node : nodes.entrySet()) {
                if (!node.getValue().isAlive()) {
                    continue;
                }
                try {
                    ok &= RedisBinaries.cli(node.getKey(), "CLUSTER", "INFO").contains("cluster_state:ok");
                } catch (AssertionError e) {
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the Redis Cluster did not become healthy: " + clusterNodes());
            }
            RedisProcess.sleep(100);
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(RedisProcess::close);
    }

    private List<String> clusterNodes() {
        return Arrays.asList(RedisBinaries.cli(anyLivePort(), "CLUSTER", "NODES").split("\n"));
    }

    private int anyLivePort() {
        return nodes.entrySet().stream().filter(e -> e.getValue().isAlive()).findFirst().orElseThrow().getKey();
    }

    private static int port(String address) {
        // 127.0.0.1:7000@17000
        String hostPort = address.split("@")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
