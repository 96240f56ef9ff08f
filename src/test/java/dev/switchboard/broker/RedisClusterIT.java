package dev.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.RedisClusterNodes;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SwitchboardNode;
import dev.switchboard.testing.TestKeys;
import dev.switchboard.testing.TestTokens;

/**
 * Three Switchboard nodes (the packaged application, separate processes) on a real Redis Cluster of three
 * primaries and three replicas, configured with {@code quarkus.redis.client-type=cluster} and nothing else:
 * channels over every shard, fan-out across nodes in offset order, recovery with since, presence, the subscribe
 * race, cluster-wide disconnect and info, and a primary SIGKILLed (readiness follows the outage).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisClusterNodes cluster;
    private static final List<SwitchboardNode> NODES = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        cluster = RedisClusterNodes.startOrSkip();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("switchboard.broker", "redis");
        settings.put("quarkus.redis.client-type", "cluster");
        settings.put("quarkus.redis.hosts", cluster.hosts());
        settings.put("switchboard.redis.check-interval", "250ms");
        settings.put("switchboard.redis.command-timeout", "2s");
        settings.put("switchboard.cluster.heartbeat", "500ms");
        settings.put("switchboard.cluster.node-ttl", "60s");
        settings.put("switchboard.cluster.answer-timeout", "1s");
        settings.put("switchboard.demo.ticker.enabled", "false");
        settings.put("switchboard.api.keys", "it-key");
        settings.put("switchboard.auth.hmac-secret", TestKeys.HMAC_SECRET);
        settings.put("switchboard.namespaces.room.presence", "true");
        settings.put("switchboard.namespaces.crowd.presence-counts-only", "true");
        for (String name : List.of("node-a", "node-b", "node-c")) {
            SwitchboardNode node = new SwitchboardNode(name, RedisServer.freePort(), settings);
            node.start();
            NODES.add(node);
        }
        for (SwitchboardNode node : NODES) {
            node.awaitReady(START);
        }
    }

    @AfterAll
    static void stop() {
        NODES.forEach(SwitchboardNode::close);
        SwitchboardNode.closeAll(cluster);
    }

    private static SwitchboardNode node(int i) {
        return NODES.get(i);
    }

    @Test
    @Order(1)
    void channelsSpreadOverEveryShardAndFanOutAcrossNodesInOffsetOrder() {
        try (JdkWebSocket subscriber = JdkWebSocket.connect(node(0).port());
                JdkWebSocket onB = JdkWebSocket.connect(node(1).port());
                JdkWebSocket onC = JdkWebSocket.connect(node(2).port())) {
            List<String> channels = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String ch = "spread" + i;
                channels.add(ch);
                assertEquals("subscribed", subscriber.request("subscribe", "\"channel\":\"" + ch + "\"")
                        .path("type").asText());
            }
            Map<Integer, Long> perShard = new TreeMap<>();
            for (int primary : cluster.primaries()) {
                perShard.put(primary, cluster.shardChannels(primary).stream().filter(c -> c.contains("{spread"))
                        .count());
            }
            System.out.println("[cluster-it] 24 channels per primary (port -> channels): " + perShard);
            assertEquals(3, perShard.size());
            perShard.forEach((port, n) -> assertTrue(n > 0, "primary " + port + " carries channels"));
            for (String ch : channels) {
                for (int n = 1; n <= 4; n++) {
                    JdkWebSocket publisher = n % 2 == 0 ? onB : onC;
                    JsonNode published = publisher.request("publish", "\"channel\":\"" + ch + "\",\"data\":" + n);
                    assertEquals(n, published.path("offset").asLong(), published.toString());
                }
            }
            Map<String, List<Long>> got = new TreeMap<>();
            for (int i = 0; i < channels.size() * 4; i++) {
                JsonNode push = subscriber.await(f -> "publication".equals(f.path("type").asText()), "publication")
                        .frame();
                got.computeIfAbsent(push.path("channel").asText(), c -> new ArrayList<>())
                        .add(push.path("offset").asLong());
            }
            for (String ch : channels) {
                assertEquals(List.of(1L, 2L, 3L, 4L), got.get(ch), ch + ": every publication, in offset order");
            }
        }
    }

    @Test
    @Order(2)
    void aClientRecoversWithSinceOnAnotherNodeAndPresenceSpansTheNodes() {
        String ch = "room:recover";
        String epoch;
        long seen;
        try (JdkWebSocket publisher = JdkWebSocket.connect(node(1).port())) {
            try (JdkWebSocket first = JdkWebSocket.connect(node(0).port())) {
                JsonNode subscribed = first.request("subscribe", "\"channel\":\"" + ch + "\"");
                epoch = subscribed.path("epoch").asText();
                publisher.request("publish", "\"channel\":\"" + ch + "\",\"data\":0");
                seen = first.awaitPublication(ch).path("offset").asLong();
            }
            List<Long> missed = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                missed.add(publisher.request("publish", "\"channel\":\"" + ch + "\",\"data\":" + i)
                        .path("offset").asLong());
            }
            try (JdkWebSocket again = JdkWebSocket.connect(node(2).port())) {
                JsonNode recovered = again.request("subscribe", "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\""
                        + epoch + "\",\"offset\":" + seen + "}");
                assertTrue(recovered.path("recovered").asBoolean(), recovered.toString());
                List<Long> got = new ArrayList<>();
                recovered.path("publications").forEach(p -> got.add(p.path("offset").asLong()));
                assertEquals(missed, got, "every missed publication once, in order");

                assertEquals("subscribed", publisher.request("subscribe", "\"channel\":\"" + ch + "\"")
                        .path("type").asText());
                try (JdkWebSocket onA = JdkWebSocket.connect(node(0).port())) {
                    Set<String> present = new HashSet<>();
                    onA.request("presence", "\"channel\":\"" + ch + "\"").path("clients")
                            .forEach(c -> present.add(c.path("client").asText()));
                    assertEquals(Set.of(again.id(), publisher.id()), present, "clients of nodes B and C");
                }
            }
        }
    }

    @Test
    @Order(3)
    void presenceUniquePerUserAndCountsOnlyAreComputedAcrossNodes() throws Exception {
        String token = TestTokens.forUser("dave").hs256();
        List<JdkWebSocket> clients = new ArrayList<>();
        try {
            for (SwitchboardNode node : NODES) {
                JdkWebSocket dave = JdkWebSocket.open(URI.create("http://localhost:" + node.port()), "/ws?token=" + token);
                dave.awaitType("welcome");
                clients.add(dave);
                clients.add(JdkWebSocket.connect(node.port()));
            }
            for (JdkWebSocket c : clients) {
                assertEquals("subscribed", c.request("subscribe", "\"channel\":\"room:many\"").path("type").asText());
                assertEquals("subscribed", c.request("subscribe", "\"channel\":\"crowd:many\"").path("type").asText());
            }
            JsonNode unique = clients.get(1).request("presence", "\"channel\":\"room:many\",\"unique\":\"user\"");
            assertEquals(1, unique.path("clients").size(), unique.toString());
            assertEquals("dave", unique.path("clients").get(0).path("user").asText());
            assertEquals(6, clients.get(1).request("presence", "\"channel\":\"room:many\"").path("clients").size());

            JsonNode counts = clients.get(0).request("presence", "\"channel\":\"crowd:many\"");
            assertTrue(counts.path("clients").isMissingNode(), "no member list in a counts-only namespace: " + counts);
            assertEquals(6, counts.path("counts").path("clients").asInt(), counts.toString());
            assertEquals(1, counts.path("counts").path("users").asInt(), counts.toString());
            JsonNode viaApi = JSON.readTree(node(2).get("/api/v1/channels/crowd:many/presence", "it-key").body());
            assertEquals(6, viaApi.path("counts").path("clients").asInt(), viaApi.toString());
            JsonNode uniqueViaApi = JSON.readTree(node(2).get("/api/v1/channels/room:many/presence?unique=user",
                    "it-key").body());
            assertEquals(1, uniqueViaApi.path("clients").size(), uniqueViaApi.toString());
            JsonNode bad = clients.get(1).request("presence", "\"channel\":\"room:many\",\"unique\":\"client\"");
            assertEquals("error", bad.path("type").asText(), bad.toString());
        } finally {
            clients.forEach(JdkWebSocket::close);
        }
    }

    @Test
    @Order(4)
    void aSubscriberJoiningDuringAFloodGetsEveryPublicationAfterItsPositionExactlyOnce() throws Exception {
        String ch = "race";
        try (JdkWebSocket publisher = JdkWebSocket.connect(node(1).port());
                JdkWebSocket late = JdkWebSocket.connect(node(0).port())) {
            JsonNode first = publisher.request("publish", "\"channel\":\"" + ch + "\",\"data\":0");
            String epoch = epochOf(publisher, ch);
            long since = first.path("offset").asLong();
            CompletableFuture<Long> flood = CompletableFuture.supplyAsync(() -> {
                long last = since;
                for (int i = 1; i <= 300; i++) {
                    last = publisher.request("publish", "\"channel\":\"" + ch + "\",\"data\":" + i).path("offset")
                            .asLong();
                }
                return last;
            });
            JsonNode subscribed = late.request("subscribe", "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\""
                    + epoch + "\",\"offset\":" + since + "}");
            assertTrue(subscribed.path("recovered").asBoolean(), subscribed.toString());
            List<Long> got = new ArrayList<>();
            subscribed.path("publications").forEach(p -> got.add(p.path("offset").asLong()));
            long last = flood.get();
            while (got.isEmpty() || got.get(got.size() - 1) < last) {
                got.add(late.awaitPublication(ch).path("offset").asLong());
            }
            List<Long> expected = new ArrayList<>();
            for (long o = since + 1; o <= last; o++) {
                expected.add(o);
            }
            assertEquals(expected, got, "recovered and live together: each offset once, in order");
        }
    }

    @Test
    @Order(5)
    void disconnectByUserClosesItsConnectionsOnAllThreeNodesAndInfoListsEveryNode() throws Exception {
        String token = TestTokens.forUser("carol").hs256();
        List<JdkWebSocket> carol = new ArrayList<>();
        try (JdkWebSocket bystander = JdkWebSocket.connect(node(2).port())) {
            for (SwitchboardNode node : NODES) {
                carol.add(JdkWebSocket.open(URI.create("http://localhost:" + node.port()), "/ws?token=" + token));
            }
            carol.forEach(c -> c.awaitType("welcome"));
            JsonNode info = JSON.readTree(node(0).get("/api/v1/info", "it-key").body());
            assertEquals(3, info.path("nodes").size(), info.toString());
            Set<String> names = new HashSet<>();
            info.path("nodes").forEach(n -> {
                names.add(n.path("name").asText());
                assertEquals("ok", n.path("status").asText(), n.toString());
                assertTrue(n.path("connections").asInt() >= 1, n.toString());
            });
            assertEquals(Set.of("node-a", "node-b", "node-c"), names);
            assertTrue(info.path("connections").asInt() >= 4, info.toString());

            SwitchboardNode.Answer answer = node(1).postJson("/api/v1/disconnect", "it-key", "{\"user\":\"carol\"}");
            assertEquals(200, answer.status(), answer.body());
            JsonNode outcome = JSON.readTree(answer.body());
            assertEquals(3, outcome.path("disconnected").asInt(), answer.body());
            assertEquals(3, outcome.path("nodes").size(), answer.body());
            assertEquals(0, outcome.path("unanswered").size(), answer.body());
            for (JdkWebSocket c : carol) {
                assertEquals(4003, c.awaitType("disconnect").path("code").asInt());
                assertEquals(4003, c.awaitClose());
            }
            assertEquals("pong", bystander.request("ping", null).path("type").asText(), "others stay connected");
        } finally {
            carol.forEach(JdkWebSocket::close);
        }
    }

    @Test
    @Order(6)
    void aKilledPrimaryMakesTheNodesUnreadyUntilTheFailoverAndTheStreamMovesToANewEpoch() throws Exception {
        String ch = "room:failover";
        try (JdkWebSocket publisher = JdkWebSocket.connect(node(1).port())) {
            List<Long> acknowledged = new ArrayList<>();
            String epoch = null;
            for (int i = 1; i <= 10; i++) {
                JsonNode p = publisher.request("publish", "\"channel\":\"" + ch + "\",\"data\":" + i);
                acknowledged.add(p.path("offset").asLong());
            }
            epoch = epochOf(publisher, ch);
            int primary = cluster.ownerOf("switchboard:{" + ch + "}");
            cluster.kill(primary);
            for (SwitchboardNode node : NODES) {
                awaitTrue(() -> node.readiness().status() == 503, node.name() + " readiness DOWN during the outage");
            }
            cluster.awaitHealthy();
            for (SwitchboardNode node : NODES) {
                awaitTrue(() -> node.readiness().status() == 200, node.name() + " ready after the failover");
            }
            assertNotEquals(primary, cluster.ownerOf("switchboard:{" + ch + "}"));
            try (JdkWebSocket again = JdkWebSocket.connect(node(0).port())) {
                JsonNode recovered = again.request("subscribe", "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\""
                        + epoch + "\",\"offset\":0}");
                assertEquals("subscribed", recovered.path("type").asText(), recovered.toString());
                if (recovered.path("recovered").asBoolean()) {
                    List<Long> got = new ArrayList<>();
                    recovered.path("publications").forEach(p -> got.add(p.path("offset").asLong()));
                    assertEquals(acknowledged, got, "recovered: true holds every acknowledged publication");
                } else {
                    assertNotEquals(epoch, recovered.path("epoch").asText(), "or the stream has a new epoch");
                }
                JsonNode next = publisher.request("publish", "\"channel\":\"" + ch + "\",\"data\":11");
                assertEquals("published", next.path("type").asText(), next.toString());
                assertNotEquals(epoch, epochOf(publisher, ch), "a new primary: a new epoch");
                assertEquals(next.path("offset").asLong(), again.awaitPublication(ch).path("offset").asLong());
                assertFalse(again.pending().stream().anyMatch(f -> "publication".equals(f.path("type").asText())));
            }
        }
    }

    /** The stream's epoch (a publish answers the offset only). */
    private static String epochOf(JdkWebSocket client, String channel) {
        return client.request("history", "\"channel\":\"" + channel + "\",\"limit\":1").path("epoch").asText();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
