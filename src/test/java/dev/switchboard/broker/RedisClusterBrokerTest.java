package dev.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.node.IntNode;

import dev.switchboard.broker.redis.RedisBroker;
import dev.switchboard.broker.redis.RedisBrokerConfig;
import dev.switchboard.broker.redis.RedisPresence;
import dev.switchboard.broker.redis.ShardClients;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import dev.switchboard.model.StreamPosition;
import dev.switchboard.presence.PresenceStore;
import dev.switchboard.testing.RedisClusterNodes;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * The Redis broker on a real Redis Cluster (3 primaries, 3 replicas, sharded Pub/Sub): the shared contract, then
 * what only a cluster shows: channels spread over every shard, a busy channel's slot migrated while it is
 * published to, and a primary killed. Each broker instance is one node with its own clients.
 *
 * <p>A {@code @QuarkusTest} for the same reason as {@link RedisBrokerTest} (Mutiny's context propagation).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterBrokerTest extends BrokerContractTest {

    private static final HistoryPolicy KEEP_1000 = new HistoryPolicy(1000, Duration.ofMinutes(5));
    private static RedisClusterNodes cluster;
    private static Vertx vertx;
    private final List<RedisBroker> started = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();
    private final List<RedisPresence> presences = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterNodes.startOrSkip();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopBrokers() {
        started.forEach(RedisBroker::stop);
        presences.forEach(RedisPresence::stop);
        clients.forEach(Redis::close);
    }

    @Override
    protected Broker createBroker() {
        return node();
    }

    @Override
    protected PresenceStore createPresence() {
        RedisPresence store = new RedisPresence(client(), vertx.getDelegate(), CONFIG);
        store.start();
        presences.add(store);
        return store;
    }

    private Redis client() {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER).setMaxPoolSize(8)
                .setMaxPoolWaiting(1024);
        for (String host : cluster.hosts().split(",")) {
            options.addConnectionString(host);
        }
        Redis client = Redis.createClient(vertx, options);
        clients.add(client);
        return client;
    }

    private RedisBroker node() {
        RedisBroker node = new RedisBroker(client(), vertx.getDelegate(), CONFIG,
                new ShardClients(vertx.getDelegate(), cluster.hosts().split(",")[0], Optional.empty()));
        node.start();
        started.add(node);
        awaitTrue(node::isReady, () -> "broker ready: " + node.describeState());
        return node;
    }

    /** Another node with its events collected. */
    private record Peer(RedisBroker broker, List<Publication> delivered, List<String> interrupted) {
    }

    private Peer peer() {
        RedisBroker node = node();
        List<Publication> got = new CopyOnWriteArrayList<>();
        List<String> interrupted = new CopyOnWriteArrayList<>();
        node.setEventHandler(new BrokerEvents() {
            @Override
            public void onEvent(ChannelEvent event) {
                if (event.kind() == ChannelEvent.Kind.PUBLICATION) {
                    got.add(event.publication());
                }
            }

            @Override
            public void onDeliveryInterrupted(String channel) {
                interrupted.add(channel);
            }
        });
        return new Peer(node, got, interrupted);
    }

    @Test
    @Order(1)
    void channelsSpreadOverEveryShardAndReachAnotherNodeInOffsetOrder() {
        Peer subscriber = peer();
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String ch = "spread:" + i;
            channels.add(ch);
            subscriber.broker().subscribe(ch).await().atMost(WAIT);
        }
        Map<Integer, Integer> perShard = new TreeMap<>();
        for (int primary : cluster.primaries()) {
            perShard.put(primary, (int) cluster.shardChannels(primary).stream()
                    .filter(c -> c.contains("{spread:")).count());
        }
        System.out.println("[cluster] 48 channels' topics per primary (port -> shard channels): " + perShard);
        assertEquals(3, perShard.size());
        perShard.forEach((port, count) -> assertTrue(count > 0, "primary " + port + " carries some channels"));
        assertEquals(48, perShard.values().stream().mapToInt(Integer::intValue).sum(), "each topic on one shard");
        for (String ch : channels) {
            for (int n = 1; n <= 3; n++) {
                broker.publish(ch, IntNode.valueOf(n), null, KEEP_10).await().atMost(WAIT);
            }
        }
        awaitTrue(() -> subscriber.delivered().size() == 48 * 3, () -> subscriber.delivered().size() + " delivered");
        for (String ch : channels) {
            List<Long> offsets = subscriber.delivered().stream().filter(p -> p.channel().equals(ch))
                    .map(Publication::offset).toList();
            assertEquals(List.of(1L, 2L, 3L), offsets, ch + " in offset order");
        }
    }

    @Test
    @Order(2)
    void aBusyChannelsSlotMigratedWhilePublishingLosesNothingAndRepeatsNothing() throws Exception {
        String ch = "busy:" + java.util.UUID.randomUUID();
        Peer subscriber = peer();
        subscriber.broker().subscribe(ch).await().atMost(WAIT);
        int from = cluster.ownerOf("test:{" + ch + "}");
        int to = cluster.primaries().stream().filter(p -> p != from).findFirst().orElseThrow();
        List<StreamPosition> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            for (int i = 0; !stop.get() && i < 2000; i++) {
                try {
                    acknowledged.add(broker.publish(ch, IntNode.valueOf(i), null, KEEP_1000).await().atMost(WAIT));
                } catch (RuntimeException refused) {
                    // not acknowledged (e.g. TRYAGAIN while the slot's keys move): not promised either
                }
            }
        });
        awaitTrue(() -> acknowledged.size() >= 50, () -> acknowledged.size() + " acknowledged before the move");
        cluster.migrateSlot(cluster.slotOf(ch), from, to);
        int before = acknowledged.size();
        awaitTrue(() -> acknowledged.size() >= before + 50, () -> "publishing goes on after the move");
        stop.set(true);
        publishing.get();
        assertEquals(to, cluster.ownerOf("test:{" + ch + "}"), "the channel now lives on the other primary");
        assertTrue(cluster.shardChannels(to).contains("test:{" + ch + "}"), "subscribed where it went");

        String epoch = acknowledged.get(0).epoch();
        assertTrue(acknowledged.stream().allMatch(p -> p.epoch().equals(epoch)), "a migration keeps the epoch");
        long last = acknowledged.get(acknowledged.size() - 1).offset();
        awaitTrue(() -> !subscriber.delivered().isEmpty()
                && subscriber.delivered().get(subscriber.delivered().size() - 1).offset() == last,
                () -> "the last publication arrives live");
        List<Long> live = subscriber.delivered().stream().map(Publication::offset).toList();
        assertEquals(live.size(), new HashSet<>(live).size(), "no publication delivered twice");
        for (int i = 1; i < live.size(); i++) {
            assertTrue(live.get(i) > live.get(i - 1), "offset order");
        }
        boolean gap = live.size() != last;
        if (gap) {
            assertTrue(subscriber.interrupted().contains(ch), "a gap in live delivery is always reported");
        }
        // What a subscriber recovers after the report: every acknowledged publication, once, from history.
        HistoryResult all = history(ch, new Position(epoch, 0), Integer.MAX_VALUE);
        assertTrue(all.continuous());
        Set<Long> kept = new HashSet<>();
        all.publications().forEach(p -> kept.add(p.offset()));
        for (StreamPosition p : acknowledged) {
            assertTrue(kept.contains(p.offset()), "acknowledged offset " + p.offset() + " is in history");
        }
        System.out.println("[cluster] slot " + cluster.slotOf(ch) + " moved " + from + " -> " + to + " under "
                + acknowledged.size() + " acknowledged publications; " + live.size() + " delivered live, gap="
                + gap + ", interruption reported=" + subscriber.interrupted().contains(ch));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aKilledPrimaryFailsOverAndAcknowledgedPublicationsAreRecoverableOrTheStreamMovesToANewEpoch() {
        String ch = "failover:" + java.util.UUID.randomUUID();
        Peer subscriber = peer();
        subscriber.broker().subscribe(ch).await().atMost(WAIT);
        List<StreamPosition> acknowledged = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            acknowledged.add(broker.publish(ch, IntNode.valueOf(i), null, KEEP_1000).await().atMost(WAIT));
        }
        String epoch = acknowledged.get(0).epoch();
        int primary = cluster.ownerOf("test:{" + ch + "}");
        cluster.kill(primary);
        awaitTrue(() -> !subscriber.broker().isReady(), () -> "not ready while the shard is down");
        cluster.awaitHealthy();
        awaitTrue(() -> subscriber.broker().isReady() && broker.isReady(),
                () -> "ready after the failover: " + subscriber.broker().describeState());
        assertNotEquals(primary, cluster.ownerOf("test:{" + ch + "}"), "a replica took over");

        HistoryResult recovered = history(ch, new Position(epoch, 0), Integer.MAX_VALUE);
        if (recovered.continuous()) {
            assertEquals(acknowledged.stream().map(StreamPosition::offset).toList(),
                    recovered.publications().stream().map(Publication::offset).toList(),
                    "a continuous answer holds every acknowledged publication");
        } else {
            assertNotEquals(epoch, recovered.top().epoch(), "or the stream moved to a new epoch");
        }
        // The new primary has another replication id: the stream is on a new epoch, its offsets never repeat
        // under the old one.
        StreamPosition next = broker.publish(ch, IntNode.valueOf(21), null, KEEP_1000).await().atMost(WAIT);
        assertNotEquals(epoch, next.epoch(), "after a failover the stream has a new epoch");
        assertFalse(history(ch, new Position(epoch, 20), Integer.MAX_VALUE).continuous(),
                "a client that knew the old epoch learns that it cannot recover");
        awaitTrue(() -> subscriber.interrupted().contains(ch), () -> "the subscriber is told to recover");
        awaitTrue(() -> subscriber.delivered().stream().anyMatch(p -> p.offset() == next.offset()
                && p.data().intValue() == 21), () -> "live delivery goes on from the new primary");
        System.out.println("[cluster] killed primary " + primary + "; epoch " + epoch + " -> " + next.epoch()
                + " at offset " + next.offset());
    }

    private static final RedisBrokerConfig CONFIG = TestRedisConfig.DEFAULT;

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
