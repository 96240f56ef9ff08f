package dev.switchboard.pusher;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SwitchboardNode;

/**
 * Two Switchboard nodes (the packaged application) on one real redis-server, with pusher-js clients on both
 * (src/test/browser/pusher/two-nodes.mjs): triggers cross nodes, presence members are the cluster's, and
 * member_added / member_removed come once per user for the whole cluster.
 */
class PusherRedisIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static RedisServer redis;
    private static SwitchboardNode nodeA;
    private static SwitchboardNode nodeB;

    @BeforeAll
    static void startCluster() throws IOException {
        redis = RedisServer.startOrSkip();
        Map<String, String> settings = Map.of(
                "switchboard.broker", "redis",
                "quarkus.redis.hosts", redis.uri(),
                "switchboard.demo.ticker.enabled", "false",
                "switchboard.pusher.apps.app-one.key", PusherTestProfile.KEY,
                "switchboard.pusher.apps.app-one.secret", PusherTestProfile.SECRET);
        SwitchboardNode[] nodes = SwitchboardNode.startPair(settings, START);
        nodeA = nodes[0];
        nodeB = nodes[1];
    }

    @AfterAll
    static void stopCluster() {
        SwitchboardNode.closeAll(nodeA, nodeB, redis);
    }

    @Test
    void presenceAndTriggersAcrossTwoNodes() throws Exception {
        NodeScript.run("two-nodes.mjs", new URL("http://localhost:" + nodeA.port() + "/"), Duration.ofMinutes(1),
                "http://localhost:" + nodeB.port() + "/");
    }
}
