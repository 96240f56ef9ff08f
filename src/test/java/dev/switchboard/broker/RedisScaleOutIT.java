package dev.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SwitchboardNode;

/**
 * Two Switchboard nodes (the packaged application, as separate processes) on one real redis-server: fan-out,
 * presence and recovery across nodes, a node killed with SIGKILL, and a Redis outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisScaleOutIT {

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
                "switchboard.redis.presence-ttl", "3s",
                "switchboard.redis.presence-refresh", "1s",
                "switchboard.redis.check-interval", "250ms",
                "switchboard.redis.command-timeout", "2s",
                "switchboard.demo.ticker.enabled", "false",
                "switchboard.api.keys", "it-key",
                "quarkus.log.category.\"dev.switchboard\".level", "INFO");
        SwitchboardNode[] nodes = SwitchboardNode.startPair(settings, START);
        nodeA = nodes[0];
        nodeB = nodes[1];
    }

    @AfterAll
    static void stopCluster() {
        SwitchboardNode.closeAll(nodeA, nodeB, redis);
    }

    @Test
    @Order(1)
    void aSubscriberOnOneNodeGetsWhatIsPublishedOnTheOtherInOffsetOrder() {
        try (JdkWebSocket onA = JdkWebSocket.connect(nodeA.port());
                JdkWebSocket onB = JdkWebSocket.connect(nodeB.port())) {
            assertEquals("node-a", onA.welcome().path("node").asText());
            assertEquals("node-b", onB.welcome().path("node").asText());
            JsonNode subscribed = onA.request("subscribe", "\"channel\":\"fanout\"");
            assertEquals("subscribed", subscribed.path("type").asText(), subscribed.toString());
            List<Long> acknowledged = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                JsonNode published = onB.request("publish", "\"channel\":\"fanout\",\"data\":{\"n\":" + i + "}");
                assertEquals("published", published.path("type").asText(), published.toString());
                acknowledged.add(published.path("offset").asLong());
            }
            for (int i = 1; i <= 20; i++) {
                JsonNode push = onA.awaitPublication("fanout");
                assertEquals(acknowledged.get(i - 1), push.path("offset").asLong(), "the same offsets on both nodes");
                assertEquals(subscribed.path("offset").asLong() + i, push.path("offset").asLong(), "offset order");
                assertEquals(i, push.path("data").path("n").asInt());
                assertEquals(onB.id(), push.path("info").path("client").asText());
            }
            JsonNode historyOnA = onA.request("history", "\"channel\":\"fanout\"");
            assertEquals(subscribed.path("epoch").asText(), historyOnA.path("epoch").asText(), "one epoch");
            assertEquals(20, historyOnA.path("publications").size());
        }
    }

    @Test
    @Order(2)
    void presenceOnOneNodeListsAClientOfTheOther() {
        try (JdkWebSocket onA = JdkWebSocket.connect(nodeA.port());
                JdkWebSocket onB = JdkWebSocket.connect(nodeB.port())) {
            assertEquals("subscribed", onB.request("subscribe", "\"channel\":\"lobby\"").path("type").asText());
            JsonNode presence = onA.request("presence", "\"channel\":\"lobby\"");
            assertEquals("presence", presence.path("type").asText(), presence.toString());
            Set<String> clients = new HashSet<>();
            presence.path("clients").forEach(c -> clients.add(c.path("client").asText()));
            assertEquals(Set.of(onB.id()), clients);
        }
    }

    @Test
    @Order(3)
    void aClientOfAKilledNodeRecoversEveryMissedPublicationExactlyOnceOnTheOther() throws IOException {
        String channel = "ticks";
        long lastSeen;
        String epoch;
        String victim;
        try (JdkWebSocket publisher = JdkWebSocket.connect(nodeB.port())) {
            JdkWebSocket onA = JdkWebSocket.connect(nodeA.port());
            victim = onA.id();
            JsonNode subscribed = onA.request("subscribe", "\"channel\":\"" + channel + "\"");
            epoch = subscribed.path("epoch").asText();
            for (int i = 0; i < 5; i++) {
                publisher.request("publish", "\"channel\":\"" + channel + "\",\"data\":" + i);
            }
            JsonNode last = null;
            for (int i = 0; i < 5; i++) {
                last = onA.awaitPublication(channel);
            }
            lastSeen = last.path("offset").asLong();
            assertTrue(presenceOf(publisher, channel).contains(victim));

            nodeA.kill(); // SIGKILL: no drain, no cleanup, no presence removal
            onA.close();
            List<Long> missed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                missed.add(publisher.request("publish", "\"channel\":\"" + channel + "\",\"data\":" + (100 + i))
                        .path("offset").asLong());
            }

            try (JdkWebSocket again = JdkWebSocket.connect(nodeB.port())) {
                JsonNode recovered = again.request("subscribe", "\"channel\":\"" + channel
                        + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":" + lastSeen + "}");
                assertEquals("subscribed", recovered.path("type").asText(), recovered.toString());
                assertTrue(recovered.path("recovered").asBoolean(), recovered.toString());
                List<Long> got = new ArrayList<>();
                recovered.path("publications").forEach(p -> got.add(p.path("offset").asLong()));
                assertEquals(missed, got, "every missed publication, once, in order");
                assertEquals(100, recovered.path("publications").get(0).path("data").asInt());
                long next = publisher.request("publish", "\"channel\":\"" + channel + "\",\"data\":200")
                        .path("offset").asLong();
                assertEquals(missed.get(missed.size() - 1) + 1, next);
                assertEquals(next, again.awaitPublication(channel).path("offset").asLong(), "then live, no repeats");
                assertFalse(again.pending().stream().anyMatch(f -> "publication".equals(f.path("type").asText())),
                        "no duplicate pushes: " + again.pending());
            }
            // Nobody refreshes the dead node's presence entries any more: they expire (TTL 3 s here).
            awaitTrue(() -> !presenceOf(publisher, channel).contains(victim), "the killed node's client expires");
        }
        nodeA.start(); // back for the next test
        nodeA.awaitReady(START);
    }

    @Test
    @Order(4)
    void aRedisOutageMakesBothNodesUnreadyFailsPublishesLoudlyAndBothComeBack() throws IOException {
        try (JdkWebSocket subscriberOnA = JdkWebSocket.connect(nodeA.port());
                JdkWebSocket publisherOnB = JdkWebSocket.connect(nodeB.port())) {
            assertEquals("subscribed", subscriberOnA.request("subscribe", "\"channel\":\"outage\"").path("type").asText());
            redis.stop();
            try {
                for (SwitchboardNode node : List.of(nodeA, nodeB)) {
                    awaitTrue(() -> node.readiness().status() == 503, node.name() + " readiness DOWN");
                    assertTrue(node.readiness().body().contains("unavailable"), node.readiness().body());
                }
                JsonNode refused = publisherOnB.request("publish", "\"channel\":\"outage\",\"data\":1");
                assertEquals("error", refused.path("type").asText(), refused.toString());
                assertEquals("internal", refused.path("code").asText());
                assertEquals("broker unavailable", refused.path("message").asText());
                SwitchboardNode.Answer viaApi = nodeB.postJson("/api/v1/publish", "it-key",
                        "{\"channel\":\"outage\",\"data\":1}");
                assertEquals(503, viaApi.status(), viaApi.body());
                assertTrue(viaApi.body().contains("broker-unavailable"), viaApi.body());
            } finally {
                redis.start();
            }
            for (SwitchboardNode node : List.of(nodeA, nodeB)) {
                awaitTrue(() -> node.readiness().status() == 200, node.name() + " ready again");
            }
            // The subscriber on A may have missed publications while Redis was away: it is told to reconnect and
            // recover rather than left with a silent gap.
            JsonNode disconnect = subscriberOnA.awaitType("disconnect");
            assertEquals(1001, disconnect.path("code").asInt());
            assertTrue(disconnect.path("reconnect").asBoolean());
            assertEquals(1001, subscriberOnA.awaitClose());
            try (JdkWebSocket fresh = JdkWebSocket.connect(nodeA.port())) {
                assertEquals("subscribed", fresh.request("subscribe", "\"channel\":\"outage\"").path("type").asText());
                JsonNode published = publisherOnB.request("publish", "\"channel\":\"outage\",\"data\":2");
                assertEquals("published", published.path("type").asText(), published.toString());
                assertEquals(published.path("offset").asLong(), fresh.awaitPublication("outage").path("offset").asLong());
            }
        }
    }

    private static Set<String> presenceOf(JdkWebSocket client, String channel) {
        Set<String> ids = new HashSet<>();
        client.request("presence", "\"channel\":\"" + channel + "\"").path("clients")
                .forEach(c -> ids.add(c.path("client").asText()));
        return ids;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
