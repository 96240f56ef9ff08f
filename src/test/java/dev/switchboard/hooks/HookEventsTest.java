package dev.switchboard.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.hooks.events.EventSigner;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The event stream against a real HTTP back end: every kind arrives signed; a back end that is down for a while
 * loses nothing (duplicates only with the same id); a connection the heartbeat kills is reported with 4009.
 */
@QuarkusTest
@TestProfile(HookTestProfile.class)
class HookEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static HookBackend proxies;
    private static HookBackend events;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void startBackends() {
        proxies = ProxyBackend.start();
        events = new HookBackend(HookBackend.port("events"), request -> HookBackend.Reply.json("{}")).start();
    }

    @AfterAll
    static void stopBackends() {
        if (proxies != null) {
            proxies.close();
        }
        if (events != null) {
            events.close();
        }
    }

    @Test
    void everyKindArrivesSignedWithTheFirstSecret() {
        String client;
        try (TestClient erin = TestClient.open(base, "/ws", c -> c.addHeader("Cookie", "session=erin"))) {
            client = erin.awaitType("welcome").path("client").asText();
            erin.subscribe("room:events");
            erin.request("unsubscribe", "\"channel\":\"room:events\"");
        }
        // vip:lounge is the connect hook's server-side subscription; a connection's subscriptions end before it does.
        List<JsonNode> got = awaitEvents(e -> client.equals(e.path("client").asText()), 6);
        assertEquals(List.of("connected:", "subscribed:vip:lounge", "subscribed:room:events",
                "unsubscribed:room:events", "unsubscribed:vip:lounge", "disconnected:"),
                got.stream().map(e -> e.path("kind").asText() + ":" + e.path("channel").asText("")).toList());
        assertTrue(got.stream().allMatch(e -> "erin".equals(e.path("user").asText())), got.toString());
        assertEquals("native", got.get(0).path("protocol").asText());
        assertEquals(1000, got.get(5).path("code").asInt(), got.get(5).toString());
        assertEquals(6, got.stream().map(e -> e.path("id").asText()).distinct().count(), "ids are unique");

        for (HookBackend.Request batch : events.requests()) {
            String signature = batch.header(EventSigner.HEADER);
            assertEquals(EventSigner.signature(HookTestProfile.EVENT_SECRET, batch.raw()), signature,
                    "signed over the exact body with the first secret");
            assertNotEquals(EventSigner.signature(HookTestProfile.OLD_EVENT_SECRET, batch.raw()), signature);
        }
    }

    @Test
    void aUsersFactsComeOncePerUserWhateverItsConnections() {
        String channel = "room:gus-" + System.nanoTime();
        try (TestClient one = TestClient.open(base, "/ws", c -> c.addHeader("Cookie", "session=gus"));
                TestClient two = TestClient.open(base, "/ws", c -> c.addHeader("Cookie", "session=gus"))) {
            one.awaitType("welcome");
            two.awaitType("welcome");
            one.subscribe(channel);
            two.subscribe(channel);
        }
        List<JsonNode> got = awaitEvents(e -> "gus".equals(e.path("user").asText()) && e.path("client").isNull()
                && (channel.equals(e.path("channel").asText()) || e.path("channel").isMissingNode()), 4);
        assertEquals(List.of("online", "joined", "left", "offline"),
                got.stream().map(e -> e.path("kind").asText()).toList());
        for (HookBackend.Request batch : events.requests()) {
            assertEquals(EventSigner.signature(HookTestProfile.EVENT_SECRET, batch.raw()),
                    batch.header(EventSigner.HEADER));
        }
    }

    @Test
    void aChannelIsOccupiedByItsFirstLocalSubscriberAndVacatedByItsLast() {
        String channel = "room:occupancy-" + System.nanoTime();
        try (TestClient first = TestClient.connect(base); TestClient second = TestClient.connect(base)) {
            first.subscribe(channel);
            second.subscribe(channel);
            first.request("unsubscribe", "\"channel\":\"" + channel + "\"");
            second.request("unsubscribe", "\"channel\":\"" + channel + "\"");
            second.subscribe(channel); // occupied again
        } // and vacated as the connection closes
        List<JsonNode> got = awaitEvents(e -> channel.equals(e.path("channel").asText())
                && e.path("client").isNull(), 4);
        assertEquals(List.of("occupied", "vacated", "occupied", "vacated"),
                got.stream().map(e -> e.path("kind").asText()).toList());
        assertTrue(got.stream().allMatch(e -> e.path("user").isNull()), got.toString());
    }

    @Test
    void aBackEndThatIsDownGetsEveryEventOnceItIsBack() throws Exception {
        events.stop();
        Set<String> clients = new HashSet<>();
        double failedBefore = HookMetricsText.events("failed");
        for (int i = 0; i < 20; i++) {
            try (TestClient c = TestClient.open(base, "/ws")) {
                clients.add(c.awaitType("welcome").path("client").asText());
            }
        }
        // Down for as long as five failed POSTs take (with the profile's 100..400 ms backoff about as many retries
        // as ten seconds of a production backoff would make), then back.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (HookMetricsText.events("failed") < failedBefore + 5) {
            assertTrue(System.nanoTime() < deadline, "the failed POSTs are retried and counted");
            Thread.sleep(50);
        }
        events.start();

        List<JsonNode> got = awaitEvents(e -> clients.contains(e.path("client").asText()), 40);
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode event : allEvents()) {
            JsonNode earlier = byId.putIfAbsent(event.path("id").asText(), event);
            if (earlier != null) {
                assertEquals(earlier, event, "a duplicate is the same event, id and all");
            }
        }
        for (String client : clients) {
            Set<String> kinds = new HashSet<>();
            got.stream().filter(e -> client.equals(e.path("client").asText())).forEach(e -> kinds.add(
                    e.path("kind").asText()));
            assertEquals(Set.of("connected", "disconnected"), kinds, client);
        }
        assertEquals(0, HookMetricsText.events("dropped"));
    }

    @Test
    void aConnectionTheHeartbeatKillsIsReportedWith4009() throws Exception {
        String client;
        try (RawWebSocket silent = RawWebSocket.open(base, "/ws")) {
            client = TestClient.parse(silent.readFrame(Duration.ofSeconds(5)).text()).path("client").asText();
            RawWebSocket.Frame frame;
            while ((frame = silent.readFrame(Duration.ofSeconds(10))).opcode() != RawWebSocket.CLOSE) {
                // never answer the pings
            }
            assertEquals(4009, frame.closeCode());
        }
        JsonNode disconnected = awaitEvents(e -> client.equals(e.path("client").asText())
                && "disconnected".equals(e.path("kind").asText()), 1).get(0);
        assertEquals(4009, disconnected.path("code").asInt());
        assertTrue(disconnected.path("reason").asText().contains("heartbeat"), disconnected.toString());
    }

    /** Every event the back end has received, in order, duplicates included. */
    private static List<JsonNode> allEvents() {
        List<JsonNode> all = new ArrayList<>();
        for (HookBackend.Request batch : events.requests()) {
            batch.body().path("events").forEach(all::add);
        }
        return all;
    }

    /** Waits until {@code count} distinct events (by id) match, and returns them in arrival order. */
    private static List<JsonNode> awaitEvents(Predicate<JsonNode> matcher, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<String, JsonNode> distinct = new java.util.LinkedHashMap<>();
            allEvents().stream().filter(matcher).forEach(e -> distinct.putIfAbsent(e.path("id").asText(), e));
            if (distinct.size() >= count) {
                return new ArrayList<>(distinct.values());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " events, got " + distinct.values());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
