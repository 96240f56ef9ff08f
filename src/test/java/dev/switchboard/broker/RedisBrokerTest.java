package dev.switchboard.broker;

import dev.switchboard.model.StreamPosition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

import dev.switchboard.broker.redis.RedisBroker;
import dev.switchboard.channel.Hub;
import dev.switchboard.channel.Subscriber;
import dev.switchboard.broker.redis.RedisBrokerConfig;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.broker.redis.RedisPresence;
import dev.switchboard.presence.PresenceStore;
import dev.switchboard.metrics.ServerFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;
import dev.switchboard.testing.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * The Redis broker against a real redis-server: the shared contract, and what only several nodes show (each
 * broker instance here is one node with its own Redis client and Pub/Sub connection).
 *
 * <p>A {@code @QuarkusTest} (default profile, so it shares the application start with the other tests of that
 * profile) only so that Mutiny's context propagation finds the classes it expects: outside Quarkus, in a JVM
 * where Quarkus tests ran, it fails with "ContextManagerProvider already set". The application's own broker is
 * the memory broker; the brokers under test are created here.
 */
@QuarkusTest
class RedisBrokerTest extends BrokerContractTest {

    private static RedisServer server;
    private static Vertx vertx;
    private final List<RedisBroker> started = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();
    private final List<RedisPresence> presences = new ArrayList<>();

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
    void stopBrokers() {
        started.forEach(RedisBroker::stop);
        presences.forEach(RedisPresence::stop);
        clients.forEach(Redis::close);
    }

    @Override
    protected Broker createBroker() {
        return node(config(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    }

    @Override
    protected PresenceStore createPresence() {
        return presence(config(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    }

    /** A node's presence store, on a Redis client of its own. */
    private RedisPresence presence(RedisBrokerConfig config) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri())
                .setMaxPoolSize(4).setMaxPoolWaiting(256));
        clients.add(client);
        RedisPresence presence = new RedisPresence(client, vertx.getDelegate(), config);
        presence.start();
        presences.add(presence);
        return presence;
    }

    /** A node: its own Redis client (pool and Pub/Sub connection), as each Switchboard process has. */
    private RedisBroker node(RedisBrokerConfig config) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri())
                .setMaxPoolSize(4).setMaxPoolWaiting(256));
        clients.add(client);
        RedisBroker node = new RedisBroker(client, vertx.getDelegate(), config);
        node.start();
        started.add(node);
        awaitTrue(node::isReady, "broker ready: " + node.describeState());
        return node;
    }

    private static RedisBrokerConfig config(Duration presenceTtl, Duration presenceRefresh) {
        return new TestRedisConfig("test", presenceTtl, presenceRefresh);
    }

    /** A second node on the same Redis, with its own events collected. */
    private record Peer(RedisBroker broker, RedisPresence presence, List<Publication> delivered,
            List<String> interrupted) {
    }

    private Peer peer(RedisBrokerConfig config) {
        RedisBroker node = node(config);
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
        return new Peer(node, presence(config), got, interrupted);
    }

    @Test
    void publicationsOnOneNodeReachAnotherInOffsetOrderWithTheSameOffsets() {
        String ch = channel();
        Peer other = peer(config(Duration.ofSeconds(30), Duration.ofSeconds(10)));
        broker.subscribe(ch).await().atMost(WAIT);
        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            positions.add(other.broker().publish(ch, IntNode.valueOf(i), new PublisherInfo("b1", "bob"), KEEP_10)
                    .await().atMost(WAIT));
        }
        awaitDelivered(ch, 30);
        List<Publication> got = delivered.stream().filter(p -> p.channel().equals(ch)).toList();
        for (int i = 0; i < 30; i++) {
            assertEquals(positions.get(i).offset(), got.get(i).offset());
            assertEquals(i + 1, got.get(i).offset());
            assertEquals(i + 1, got.get(i).data().intValue());
            assertEquals(new PublisherInfo("b1", "bob"), got.get(i).info());
        }
        StreamPosition here = history(ch, null, 0).top();
        assertEquals(positions.get(29), here, "both nodes see one epoch and top");
        assertTrue(other.delivered().isEmpty(), "a node that did not subscribe gets nothing");
    }

    @Test
    void concurrentPublishersOnTwoNodesGetDistinctConsecutiveOffsets() {
        String ch = channel();
        Peer other = peer(config(Duration.ofSeconds(30), Duration.ofSeconds(10)));
        broker.subscribe(ch).await().atMost(WAIT);
        List<java.util.concurrent.CompletableFuture<StreamPosition>> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Broker node = i % 2 == 0 ? broker : other.broker();
            pending.add(node.publish(ch, IntNode.valueOf(i), null, KEEP_10).subscribeAsCompletionStage());
        }
        Set<Long> offsets = pending.stream().map(f -> f.join().offset()).collect(Collectors.toSet());
        assertEquals(100, offsets.size());
        assertEquals(1L, offsets.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(100L, offsets.stream().mapToLong(Long::longValue).max().orElseThrow());
        awaitDelivered(ch, 100);
        List<Long> order = delivered.stream().filter(p -> p.channel().equals(ch)).map(Publication::offset).toList();
        for (int i = 0; i < 100; i++) {
            assertEquals(i + 1, order.get(i), "delivered in offset order");
        }
    }

    @Test
    void presenceIsSharedAndACrashedNodesClientsExpire() {
        String ch = channel();
        Duration ttl = Duration.ofMillis(1500);
        Peer other = peer(config(ttl, Duration.ofMillis(300)));
        other.presence().add(ch, new ClientInfo("on-b", "bob", null)).await().atMost(WAIT);
        presence.add(ch, new ClientInfo("on-a", "alice", null)).await().atMost(WAIT);
        assertEquals(Set.of("on-a", "on-b"), clientsIn(ch));
        sleep(ttl.multipliedBy(2));
        assertTrue(clientsIn(ch).contains("on-b"), "the live node keeps refreshing its client");
        other.presence().stop(); // like a crash: nobody refreshes on-b any more
        awaitTrue(() -> !clientsIn(ch).contains("on-b"), "on-b expired from presence");
        assertEquals(Set.of("on-a"), clientsIn(ch));
        assertEquals(new dev.switchboard.presence.PresenceCounts(1, 1), presence.counts(ch).await().atMost(WAIT),
                "the expired client's user left the per-user counts too");
        assertEquals(List.of("alice"), presence.users(ch).await().atMost(WAIT).stream().map(ClientInfo::user).toList());
    }

    @Test
    void redisOutageMakesTheNodeUnreadyFailsPublishesAndRecoversWithInterruptedChannels() throws IOException {
        String ch = channel();
        Peer node = peer(config(Duration.ofSeconds(30), Duration.ofSeconds(10)));
        node.broker().subscribe(ch).await().atMost(WAIT);
        node.broker().publish(ch, IntNode.valueOf(1), null, KEEP_10).await().atMost(WAIT);
        server.stop();
        try {
            awaitTrue(() -> !node.broker().isReady(), "not ready while Redis is down");
            assertTrue(node.broker().describeState().startsWith("redis: unavailable"),
                    node.broker().describeState());
            Throwable failure = assertThrows(RuntimeException.class,
                    () -> node.broker().publish(ch, IntNode.valueOf(2), null, KEEP_10).await().atMost(WAIT));
            assertInstanceOf(BrokerUnavailableException.class, failure);
            assertThrows(BrokerUnavailableException.class,
                    () -> node.broker().subscribe(channel()).await().atMost(WAIT));
            assertTrue(node.interrupted().isEmpty(), "nothing is reported before the connection is back");
        } finally {
            server.start();
        }
        awaitTrue(() -> node.broker().isReady(), "ready again: " + node.broker().describeState());
        awaitTrue(() -> node.interrupted().contains(ch), "the subscribed channel is reported as interrupted");
        StreamPosition after = node.broker().publish(ch, IntNode.valueOf(3), null, KEEP_10).await().atMost(WAIT);
        awaitTrue(() -> node.delivered().stream().anyMatch(p -> p.offset() == after.offset()
                && p.data().intValue() == 3), "publications flow again over the resubscribed topic");
        // Redis lost everything (no persistence): the stream starts over with a new epoch, so clients that
        // recover with their old position learn that history is gone instead of getting a silent gap.
        assertFalse(history(ch, new Position("old", 1), Integer.MAX_VALUE).continuous());
    }

    @Test
    void aNodeStartedWhileRedisIsDownBecomesReadyWhenRedisComesUp() throws IOException {
        server.stop();
        RedisBroker late;
        try {
            Redis lateClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
            clients.add(lateClient);
            late = new RedisBroker(lateClient, vertx.getDelegate(), config(Duration.ofSeconds(30),
                    Duration.ofSeconds(10)));
            late.start();
            started.add(late);
            RedisBroker node = late;
            awaitTrue(() -> node.describeState().contains("unavailable") && !node.describeState().contains(
                    "not checked yet"), "a reason: " + node.describeState());
            assertFalse(late.isReady());
        } finally {
            server.start();
        }
        RedisBroker node = late;
        awaitTrue(node::isReady, "ready once Redis is up: " + node.describeState());
        String ch = channel();
        assertEquals(1, node.publish(ch, IntNode.valueOf(1), null, KEEP_10).await().atMost(WAIT).offset());
    }

    @Test
    void theHubEndsSubscribedWhenTheLastSubscriberLeavesWhileANewOneArrives() throws Exception {
        Hub hub = new Hub(broker, new ServerFaults(new SimpleMeterRegistry()));
        broker.setEventHandler(hub);
        String ch = channel();
        List<String> received = new CopyOnWriteArrayList<>();
        // Own threads (not the common pool, whose context class loader a Quarkus test in this JVM may have set).
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        for (int round = 0; round < 30; round++) {
            Subscriber leaving = subscriber(ch, "leaving-" + round, received);
            Subscriber arriving = subscriber(ch, "arriving-" + round, received);
            hub.add(leaving).await().atMost(WAIT);
            var start = new java.util.concurrent.CountDownLatch(1);
            var remove = java.util.concurrent.CompletableFuture.runAsync(() -> {
                await(start);
                hub.remove(leaving).await().atMost(WAIT);
            }, threads);
            var add = java.util.concurrent.CompletableFuture.runAsync(() -> {
                await(start);
                hub.add(arriving).await().atMost(WAIT);
            }, threads);
            start.countDown();
            remove.get();
            add.get();
            long offset = publish(ch, round, KEEP_10).offset();
            String expected = "arriving-" + round + "@" + offset;
            awaitTrue(() -> received.contains(expected), expected + " (got " + received + ")");
            hub.remove(arriving).await().atMost(WAIT);
        }
        threads.shutdown();
    }

    private static Subscriber subscriber(String ch, String name, List<String> received) {
        return new Subscriber() {
            @Override
            public String channel() {
                return ch;
            }

            @Override
            public void deliver(ChannelEvent event) {
                received.add(name + "@" + event.offset());
            }
        };
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Set<String> clientsIn(String ch) {
        return presence.clients(ch).await().atMost(WAIT).stream().map(ClientInfo::client).collect(Collectors.toSet());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
