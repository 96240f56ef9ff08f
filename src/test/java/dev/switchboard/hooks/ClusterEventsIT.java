package dev.switchboard.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.browser.BrowserScript;
import dev.switchboard.hooks.events.EventSigner;
import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SwitchboardNode;
import dev.switchboard.testing.TestKeys;
import dev.switchboard.testing.TestTokens;

/**
 * Two packaged nodes on one redis-server, both sending events to one real back end: the cluster-wide facts come
 * once per cluster (occupied/vacated, online/offline, joined/left; Pusher's member_added once per user over both
 * nodes, channel_occupied/vacated once), whichever node made them; and a node killed with SIGKILL has its
 * clients' disconnections reported by the other node within the presence TTL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEventsIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final String EVENT_SECRET = "cluster-secret";
    private static final String PUSHER_KEY = "key-one";
    private static final String PUSHER_SECRET = "secret-one";
    private static RedisServer redis;
    private static SwitchboardNode nodeA;
    private static SwitchboardNode nodeB;
    private static HookBackend backend;

    @BeforeAll
    static void startCluster() throws IOException {
        redis = RedisServer.startOrSkip();
        int port = RedisServer.freePort();
        backend = new HookBackend(port, request -> HookBackend.Reply.json("{}")).start();
        Map<String, String> settings = Map.ofEntries(
                Map.entry("switchboard.broker", "redis"),
                Map.entry("quarkus.redis.hosts", redis.uri()),
                Map.entry("switchboard.redis.presence-ttl", TTL.toMillis() + "ms"),
                Map.entry("switchboard.redis.presence-refresh", "400ms"),
                Map.entry("switchboard.demo.ticker.enabled", "false"),
                Map.entry("switchboard.auth.hmac-secret", TestKeys.HMAC_SECRET),
                Map.entry("switchboard.hooks.events.url", "http://localhost:" + port + "/events"),
                Map.entry("switchboard.hooks.events.secrets", EVENT_SECRET),
                Map.entry("switchboard.hooks.events.min-backoff", "100ms"),
                Map.entry("switchboard.hooks.events.max-backoff", "400ms"),
                Map.entry("switchboard.pusher.apps.app-one.key", PUSHER_KEY),
                Map.entry("switchboard.pusher.apps.app-one.secret", PUSHER_SECRET),
                Map.entry("switchboard.pusher.apps.app-one.webhooks.url", "http://localhost:" + port + "/pusher"),
                Map.entry("switchboard.pusher.apps.app-one.webhooks.min-backoff", "100ms"),
                Map.entry("quarkus.log.category.\"dev.switchboard\".level", "INFO"));
        SwitchboardNode[] nodes = SwitchboardNode.startPair(settings, START);
        nodeA = nodes[0];
        nodeB = nodes[1];
    }

    @AfterAll
    static void stopCluster() {
        SwitchboardNode.closeAll(nodeA, nodeB, redis, backend);
    }

    @Test
    @Order(1)
    void aChannelAndAUserOnBothNodesMakeEachFactOnce() {
        String channel = "chat:cluster";
        try (JdkWebSocket adaA = user(nodeA, "ada"); JdkWebSocket adaB = user(nodeB, "ada");
                JdkWebSocket bobB = user(nodeB, "bob")) {
            for (JdkWebSocket c : List.of(adaA, adaB, bobB)) {
                JsonNode reply = c.request("subscribe", "\"channel\":\"" + channel + "\"");
                assertEquals("subscribed", reply.path("type").asText(), reply.toString());
            }
            awaitNative(e -> kind(e, "joined") && "bob".equals(e.path("user").asText()), "bob joined");
        }
        awaitNative(e -> kind(e, "offline") && "ada".equals(e.path("user").asText()), "ada offline");
        awaitNative(e -> kind(e, "vacated") && channel.equals(e.path("channel").asText()), "vacated");
        awaitNative(e -> kind(e, "offline") && "bob".equals(e.path("user").asText()), "bob offline");
        List<JsonNode> all = nativeEvents();
        assertEquals(1, count(all, e -> kind(e, "occupied") && channel.equals(e.path("channel").asText())));
        assertEquals(1, count(all, e -> kind(e, "vacated") && channel.equals(e.path("channel").asText())));
        assertEquals(1, count(all, e -> kind(e, "online") && "ada".equals(e.path("user").asText())), all.toString());
        assertEquals(1, count(all, e -> kind(e, "offline") && "ada".equals(e.path("user").asText())));
        assertEquals(1, count(all, e -> kind(e, "joined") && "ada".equals(e.path("user").asText())
                && channel.equals(e.path("channel").asText())));
        assertEquals(1, count(all, e -> kind(e, "left") && "ada".equals(e.path("user").asText())
                && channel.equals(e.path("channel").asText())));
        assertEquals(2, count(all, e -> kind(e, "connected") && "ada".equals(e.path("user").asText())),
                "each connection is still reported by its node");
        for (HookBackend.Request batch : backend.requests("/events")) {
            assertEquals(EventSigner.signature(EVENT_SECRET, batch.raw()), batch.header(EventSigner.HEADER));
        }
    }

    @Test
    @Order(2)
    void pusherWebhooksComeOncePerClusterWideFact() throws Exception {
        BrowserScript.runNode("pusher/two-nodes.mjs", new URL("http://localhost:" + nodeA.port() + "/"),
                Duration.ofMinutes(1), "http://localhost:" + nodeB.port() + "/");
        Predicate<JsonNode> carolRemoved = e -> "member_removed".equals(e.path("name").asText())
                && "carol".equals(e.path("user_id").asText());
        Predicate<JsonNode> vacated = e -> "channel_vacated".equals(e.path("name").asText());
        await(() -> webhooks().stream().anyMatch(carolRemoved)
                && webhooks().stream().filter(vacated).map(e -> e.path("channel").asText()).distinct().count() == 2,
                "carol's member_removed and both channels' vacated");
        List<JsonNode> all = webhooks();
        assertEquals(1, count(all, e -> "member_added".equals(e.path("name").asText())
                && "carol".equals(e.path("user_id").asText())), "carol on two nodes is added once: " + all);
        assertEquals(1, count(all, carolRemoved), all.toString());
        // two-nodes.mjs also uses the cache channel cache-cluster (one miss on node A, a replay on node B)
        for (String channel : List.of("presence-cluster", "cache-cluster")) {
            assertEquals(1, count(all, e -> "channel_occupied".equals(e.path("name").asText())
                    && channel.equals(e.path("channel").asText())), channel + ": " + all);
            assertEquals(1, count(all, e -> "channel_vacated".equals(e.path("name").asText())
                    && channel.equals(e.path("channel").asText())), channel + ": " + all);
        }
        assertEquals(1, count(all, e -> "cache_miss".equals(e.path("name").asText())), all.toString());
        assertTrue(all.stream().allMatch(e -> List.of("presence-cluster", "cache-cluster")
                .contains(e.path("channel").asText())), all.toString());
        for (HookBackend.Request batch : backend.requests("/pusher")) {
            assertEquals(PUSHER_KEY, batch.header("X-Pusher-Key"));
            assertEquals(EventSigner.hexHmac(PUSHER_SECRET, batch.raw()), batch.header("X-Pusher-Signature"));
        }
    }

    @Test
    @Order(3)
    void aKilledNodesClientsAreReportedGoneByTheOtherWithinTheTtl() {
        String channel = "chat:doomed";
        JdkWebSocket kim = JdkWebSocket.open(URI.create("http://localhost:" + nodeB.port() + "/"),
                "/ws?token=" + TestTokens.forUser("kim").hs256());
        String client = kim.awaitType("welcome").path("client").asText();
        assertEquals("subscribed", kim.request("subscribe", "\"channel\":\"" + channel + "\"").path("type").asText());
        awaitNative(e -> kind(e, "joined") && "kim".equals(e.path("user").asText()), "kim joined");

        nodeB.kill(); // SIGKILL: node B reports nothing more
        long killed = System.nanoTime();
        awaitNative(e -> kind(e, "disconnected") && client.equals(e.path("client").asText()), "kim's disconnection");
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        awaitNative(e -> kind(e, "offline") && "kim".equals(e.path("user").asText()), "kim offline");
        awaitNative(e -> kind(e, "vacated") && channel.equals(e.path("channel").asText()), "the channel vacated");
        JsonNode gone = nativeEvents().stream().filter(e -> kind(e, "disconnected")
                && client.equals(e.path("client").asText())).findFirst().orElseThrow();
        assertEquals(1006, gone.path("code").asInt(), gone.toString());
        assertEquals("node lost", gone.path("reason").asText());
        assertEquals("native", gone.path("protocol").asText());
        assertTrue(took.compareTo(TTL.multipliedBy(3)) < 0, "reported within the TTL and a sweep: " + took);
        kim.close();
    }

    private static JdkWebSocket user(SwitchboardNode node, String user) {
        JdkWebSocket c = JdkWebSocket.open(URI.create("http://localhost:" + node.port() + "/"),
                "/ws?token=" + TestTokens.forUser(user).hs256());
        c.awaitType("welcome");
        return c;
    }

    private static boolean kind(JsonNode e, String kind) {
        return kind.equals(e.path("kind").asText());
    }

    private static long count(List<JsonNode> events, Predicate<JsonNode> which) {
        return events.stream().filter(which).count();
    }

    /** Every native event once (a batch sent again has the same ids). */
    private static List<JsonNode> nativeEvents() {
        Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        backend.requests("/events").forEach(r -> r.body().path("events").forEach(e -> byId.putIfAbsent(
                e.path("id").asText(), e)));
        return new ArrayList<>(byId.values());
    }

    /** Every webhook event once (a batch sent again has the same bytes). */
    private static List<JsonNode> webhooks() {
        List<JsonNode> all = new ArrayList<>();
        java.util.Set<String> bodies = new java.util.HashSet<>();
        backend.requests("/pusher").forEach(r -> {
            if (bodies.add(new String(r.raw(), java.nio.charset.StandardCharsets.UTF_8))) {
                r.body().path("events").forEach(all::add);
            }
        });
        return all;
    }

    private static void awaitNative(Predicate<JsonNode> which, String what) {
        await(() -> nativeEvents().stream().anyMatch(which), what);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; events: " + nativeEvents());
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
