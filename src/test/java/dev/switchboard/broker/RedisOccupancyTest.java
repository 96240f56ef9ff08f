package dev.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.broker.redis.RedisBrokerConfig;
import dev.switchboard.broker.redis.RedisOccupancy;
import dev.switchboard.presence.ChannelOccupancy;
import dev.switchboard.presence.OccupancyRecorder;
import dev.switchboard.testing.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Cluster-wide occupancy over a real redis-server, with several nodes (each its own Redis client, as each process
 * has): every crossing of zero is told once for the whole cluster, by the node that made it; a node that dies
 * (its Redis connection gone, so no heartbeat and no cleanup, as after SIGKILL) has its connections reported lost
 * and its counts taken away by another node within the TTL. A {@code @QuarkusTest} for Mutiny's context
 * propagation only, like {@code RedisBrokerTest}; the occupancies under test are made here.
 */
@QuarkusTest
class RedisOccupancyTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RedisServer server;
    private static Vertx vertx;
    private final List<RedisOccupancy> nodes = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();
    private final List<String> facts = new CopyOnWriteArrayList<>();
    private final String prefix = "occ" + System.nanoTime();

    @BeforeAll
    static void startRedis() {
        server = RedisServer.startOrSkip();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(RedisOccupancy::stop);
        clients.forEach(Redis::close);
    }

    @Test
    void aChannelBusyOnTwoNodesIsOccupiedOnceAndVacatedOnce() {
        RedisOccupancy a = node("a");
        RedisOccupancy b = node("b");
        a.subscribers("room:x", 1);
        b.subscribers("room:x", 2);
        await(() -> count(a, "room:x").subscriptions() == 3, "three subscriptions over the cluster");
        a.subscribers("room:x", 0);
        b.subscribers("room:x", 1);
        b.subscribers("room:x", 0);
        await(() -> facts.contains("vacated room:x"), "vacated");
        assertEquals(List.of("occupied room:x", "vacated room:x"), facts);
        assertEquals(ChannelOccupancy.EMPTY, count(b, "room:x"));
    }

    @Test
    void aUserOnTwoNodesJoinsOnceAndLeavesOnce() {
        RedisOccupancy a = node("a");
        RedisOccupancy b = node("b");
        a.subscribers("room:p", 1);
        b.subscribers("room:p", 2);
        a.memberAdded("room:p", "ada", "c1");
        b.memberAdded("room:p", "ada", "c2");
        b.memberAdded("room:p", "bob", "c3");
        await(() -> count(a, "room:p").users() == 2 && facts.size() == 3, "two users: " + facts);
        a.memberRemoved("room:p", "ada", "c1");
        b.memberRemoved("room:p", "ada", "c2");
        await(() -> facts.contains("left room:p ada"), "ada left");
        assertEquals(1, facts.stream().filter("joined room:p ada"::equals).count(), facts.toString());
        assertEquals(1, facts.stream().filter("left room:p ada"::equals).count(), facts.toString());
        assertEquals(1, count(b, "room:p").users());
    }

    @Test
    void aUserIsOnlineWithTheFirstConnectionAnywhereAndOfflineWithTheLast() {
        RedisOccupancy a = node("a");
        RedisOccupancy b = node("b");
        a.connectionOpened("c1", "ada", "native");
        b.connectionOpened("c2", "ada", "pusher");
        await(() -> facts.contains("online ada"), "online");
        a.connectionClosed("c1", "ada");
        b.connectionClosed("c2", "ada");
        await(() -> facts.contains("offline ada"), "offline");
        assertEquals(List.of("online ada", "offline ada"), facts);
    }

    @Test
    void theOccupiedChannelsAreListedByPrefix() {
        RedisOccupancy a = node("a");
        RedisOccupancy b = node("b");
        a.subscribers("pusher:app:one", 1);
        b.subscribers("pusher:app:presence-two", 1);
        b.memberAdded("pusher:app:presence-two", "ada", "c1");
        a.subscribers("pusher:other:three", 1);
        a.subscribers("pusher:app:gone", 1);
        a.subscribers("pusher:app:gone", 0);
        await(() -> list(a, "pusher:app:").size() == 2 && count(a, "pusher:app:presence-two").users() == 1
                && facts.contains("vacated pusher:app:gone"), "listed: " + list(a, "pusher:app:"));
        assertEquals(Map.of("pusher:app:one", new ChannelOccupancy(1, 0), "pusher:app:presence-two",
                new ChannelOccupancy(1, 1)), list(b, "pusher:app:"));
        assertEquals(Map.of("pusher:app:presence-two", new ChannelOccupancy(1, 1)), list(b, "pusher:app:pres"));
    }

    @Test
    void aDeadNodesConnectionsAndCountsAreReportedByAnotherWithinTheTtl() {
        RedisOccupancy a = node("a");
        Redis doomedClient = client();
        clients.remove(doomedClient); // closed by the test itself
        RedisOccupancy doomed = new RedisOccupancy(doomedClient, vertx.getDelegate(), config(), "doomed-" + prefix);
        doomed.addListener(new OccupancyRecorder(facts));
        doomed.start();
        a.subscribers("room:d", 1);
        a.memberAdded("room:d", "ada", "c1");
        doomed.connectionOpened("c2", "zed", "native");
        doomed.connectionOpened("c3", null, "pusher");
        doomed.subscribers("room:d", 2);
        doomed.memberAdded("room:d", "zed", "c2");
        await(() -> count(a, "room:d").equals(new ChannelOccupancy(3, 2)) && facts.contains("online zed"),
                "counts of both nodes: " + facts);
        facts.clear();

        doomedClient.close(); // as SIGKILL: no goodbye, no more heartbeat
        long lost = System.nanoTime();
        await(() -> facts.contains("offline zed") && facts.contains("left room:d zed"), "zed's going: " + facts);
        Duration took = Duration.ofNanos(System.nanoTime() - lost);
        assertTrue(facts.containsAll(List.of("lost c2 zed native", "lost c3 null pusher")), facts.toString());
        assertTrue(facts.indexOf("lost c2 zed native") < facts.indexOf("offline zed"), "lost before offline");
        assertTrue(!facts.contains("vacated room:d"), "a's subscriber is still there: " + facts);
        assertEquals(new ChannelOccupancy(1, 1), count(a, "room:d"));
        System.out.println("dead node reported after " + took.toMillis() + " ms (TTL " + config().presenceTtl() + ")");

        a.memberRemoved("room:d", "ada", "c1");
        a.subscribers("room:d", 0);
        await(() -> facts.contains("vacated room:d"), "vacated once the last node left");
    }

    private RedisOccupancy node(String name) {
        RedisOccupancy node = new RedisOccupancy(client(), vertx.getDelegate(), config(), name + "-" + prefix);
        node.addListener(new OccupancyRecorder(facts));
        node.start();
        nodes.add(node);
        return node;
    }

    private Redis client() {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri())
                .setMaxPoolSize(4).setMaxPoolWaiting(256));
        clients.add(client);
        return client;
    }

    private static ChannelOccupancy count(RedisOccupancy node, String channel) {
        return node.channel(channel).await().atMost(Duration.ofSeconds(5));
    }

    private static Map<String, ChannelOccupancy> list(RedisOccupancy node, String prefix) {
        return node.channels(prefix).await().atMost(Duration.ofSeconds(5));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A short TTL, so a dead node is found within about a second. */
    private RedisBrokerConfig config() {
        return new TestRedisConfig(prefix, Duration.ofMillis(1000), Duration.ofMillis(200));
    }
}
