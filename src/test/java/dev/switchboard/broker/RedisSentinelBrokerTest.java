package dev.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

import dev.switchboard.broker.redis.RedisBroker;
import dev.switchboard.broker.redis.RedisBrokerConfig;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import dev.switchboard.model.StreamPosition;
import dev.switchboard.testing.RedisSentinelNodes;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

/**
 * The Redis broker behind real Sentinels (one primary, two replicas, three sentinels): two nodes publish and
 * receive through the primary; the primary is SIGKILLed; the sentinels promote a replica; the nodes are unready
 * meanwhile, resubscribe on the new primary, report their channels as interrupted, and the stream moves to a new
 * epoch, so no offset is handed out twice under one epoch even if the promoted replica lacked the last writes.
 *
 * <p>A {@code @QuarkusTest} for the same reason as {@link RedisBrokerTest} (Mutiny's context propagation).
 */
@QuarkusTest
class RedisSentinelBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HistoryPolicy KEEP = new HistoryPolicy(100, Duration.ofMinutes(5));
    private static RedisSentinelNodes sentinel;
    private static Vertx vertx;
    private static final List<RedisBroker> STARTED = new ArrayList<>();
    private static final List<Redis> CLIENTS = new ArrayList<>();

    @BeforeAll
    static void start() {
        sentinel = RedisSentinelNodes.startOrSkip();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        STARTED.forEach(RedisBroker::stop);
        CLIENTS.forEach(Redis::close);
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Test
    void aPrimaryKilledBehindSentinelFailsOverAndTheStreamMovesToANewEpoch() {
        List<Publication> delivered = new CopyOnWriteArrayList<>();
        List<String> interrupted = new CopyOnWriteArrayList<>();
        RedisBroker subscriber = node();
        subscriber.setEventHandler(new BrokerEvents() {
            @Override
            public void onEvent(ChannelEvent event) {
                if (event.kind() == ChannelEvent.Kind.PUBLICATION) {
                    delivered.add(event.publication());
                }
            }

            @Override
            public void onDeliveryInterrupted(String channel) {
                interrupted.add(channel);
            }
        });
        RedisBroker publisher = node();
        String ch = "sentinel:" + java.util.UUID.randomUUID();
        subscriber.subscribe(ch).await().atMost(WAIT);
        List<StreamPosition> acknowledged = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            acknowledged.add(publisher.publish(ch, IntNode.valueOf(i), null, KEEP).await().atMost(WAIT));
        }
        awaitTrue(() -> delivered.size() == 20, () -> delivered.size() + " delivered");
        String epoch = acknowledged.get(0).epoch();

        int old = sentinel.killPrimary();
        awaitTrue(() -> !subscriber.isReady() && !publisher.isReady(), () -> "unready while the primary is gone");
        int promoted = sentinel.awaitFailover(old);
        awaitTrue(() -> subscriber.isReady() && publisher.isReady(),
                () -> "ready on the new primary " + promoted + ": " + publisher.describeState());

        HistoryResult recovered = publisher.history(ch, new HistoryQuery(new Position(epoch, 0), Integer.MAX_VALUE))
                .await().atMost(WAIT);
        if (recovered.continuous()) {
            assertEquals(acknowledged.stream().map(StreamPosition::offset).toList(),
                    recovered.publications().stream().map(Publication::offset).toList(),
                    "a continuous answer holds every acknowledged publication");
        } else {
            assertNotEquals(epoch, recovered.top().epoch(), "or the stream moved to a new epoch");
        }
        StreamPosition next = publisher.publish(ch, IntNode.valueOf(21), null, KEEP).await().atMost(WAIT);
        assertNotEquals(epoch, next.epoch(), "the promoted primary has another replication id: a new epoch");
        assertFalse(publisher.history(ch, new HistoryQuery(new Position(epoch, 20), Integer.MAX_VALUE))
                .await().atMost(WAIT).continuous(), "the old epoch cannot be recovered");
        awaitTrue(() -> interrupted.contains(ch), () -> "the subscribed channel is reported as interrupted");
        awaitTrue(() -> delivered.stream().anyMatch(p -> p.offset() == next.offset() && p.data().intValue() == 21),
                () -> "fan-out goes on through the new primary");
        System.out.println("[sentinel] primary " + old + " killed, " + promoted + " promoted; epoch " + epoch
                + " -> " + next.epoch() + " at offset " + next.offset());
    }

    private static RedisBroker node() {
        RedisOptions options = new RedisOptions().setType(RedisClientType.SENTINEL)
                .setMasterName(RedisSentinelNodes.MASTER_NAME).setRole(RedisRole.MASTER).setMaxPoolSize(4)
                .setMaxPoolWaiting(256);
        for (String host : sentinel.hosts().split(",")) {
            options.addConnectionString(host);
        }
        Redis client = Redis.createClient(vertx, options);
        CLIENTS.add(client);
        RedisBroker node = new RedisBroker(client, vertx.getDelegate(), CONFIG);
        node.start();
        STARTED.add(node);
        awaitTrue(node::isReady, () -> "broker ready: " + node.describeState());
        return node;
    }

    private static final RedisBrokerConfig CONFIG = TestRedisConfig.DEFAULT;

    private static void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
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
