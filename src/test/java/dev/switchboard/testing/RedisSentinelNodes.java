package dev.switchboard.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Sentinel deployment: one primary and two replicas (redis-server --replicaof) watched by three
 * redis-sentinel processes (quorum 2) on free ports, with a short down-after and failover timeout so a failover
 * takes a few seconds. Skipped without redis-server/redis-sentinel (fails under CI).
 */
public final class RedisSentinelNodes implements AutoCloseable {

    public static final String MASTER_NAME = "switchboard";

    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinelNodes() {
    }

    public static RedisSentinelNodes startOrSkip() {
        String server = RedisBinaries.require("redis-server", "redis-server");
        String sentinel = RedisBinaries.require("redis-sentinel", "redis-sentinel");
        RedisBinaries.require("redis-cli", "redis-tools");
        RedisSentinelNodes deployment = new RedisSentinelNodes();
        try {
            List<String> common = List.of("--save", "", "--appendonly", "no", "--repl-diskless-sync", "yes",
                    "--repl-diskless-sync-delay", "0");
            int primaryPort = RedisServer.freePort();
            deployment.servers.add(RedisProcess.start(server, null, primaryPort, common));
            for (int i = 0; i < 2; i++) {
                List<String> args = new ArrayList<>(common);
                args.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
                deployment.servers.add(RedisProcess.start(server, null, RedisServer.freePort(), args));
            }
            String config = "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " 2\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
                    + "sentinel failover-timeout " + MASTER_NAME + " 5000\n"
                    + "sentinel parallel-syncs " + MASTER_NAME + " 2\n";
            for (int i = 0; i < 3; i++) {
                deployment.sentinels.add(RedisProcess.start(sentinel, config, RedisServer.freePort(), List.of()));
            }
            deployment.awaitReplicas(2);
            return deployment;
        } catch (IOException | RuntimeException | AssertionError e) {
            deployment.close();
            throw new AssertionError("could not start the Sentinel deployment", e);
        }
    }

    /** {@code quarkus.redis.hosts}: the sentinels. */
    public String hosts() {
        return sentinels.stream().map(s -> "redis://127.0.0.1:" + s.port()).collect(Collectors.joining(","));
    }

    /** The port of the primary as the sentinels name it now. */
    public int primaryPort() {
        String[] address = RedisBinaries.cli(sentinels.get(0).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME",
                MASTER_NAME).split("\n");
        return Integer.parseInt(address[1].strip());
    }

    /** SIGKILL of the current primary. Answers its port. */
    public int killPrimary() {
        int port = primaryPort();
        servers.stream().filter(s -> s.port() == port).findFirst().orElseThrow().kill();
        return port;
    }

    /** Waits until the sentinels name a primary other than {@code oldPort} and it answers as a primary. */
    public int awaitFailover(int oldPort) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                int port = primaryPort();
                if (port != oldPort && RedisBinaries.cli(port, "ROLE").startsWith("master")) {
                    return port;
                }
            } catch (AssertionError | RuntimeException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no failover away from port " + oldPort);
            }
            RedisProcess.sleep(100);
        }
    }

    private void awaitReplicas(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int primary = servers.get(0).port();
        while (!RedisBinaries.cli(primary, "INFO", "replication").contains("connected_slaves:" + count)
                || !RedisBinaries.cli(sentinels.get(0).port(), "SENTINEL", "REPLICAS", MASTER_NAME)
                        .contains("127.0.0.1")
                || !sentinels.stream().allMatch(s -> quorumReached(s.port()))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the replicas did not attach");
            }
            RedisProcess.sleep(100);
        }
    }

    /** Each sentinel knows the others and could authorise a failover. */
    private static boolean quorumReached(int sentinelPort) {
        try {
            return RedisBinaries.cli(sentinelPort, "SENTINEL", "CKQUORUM", MASTER_NAME).startsWith("OK 3 usable");
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
    }
}
