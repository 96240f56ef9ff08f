package dev.switchboard.api;

import static dev.switchboard.api.ApiTest.channel;
import static dev.switchboard.api.ApiTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.api.SseClient.Event;
import dev.switchboard.channel.Hub;
import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** GET /sse with a real streaming HTTP client: delivery, event ids, recovery with Last-Event-ID, heartbeats. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class SseTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Hub hub;

    private static long offsetOf(Event event) {
        return event.data().path("offset").asLong();
    }

    @Test
    void publicationsFromTheApiAndFromWebSocketsArriveAsEvents() {
        String ch = channel("chat");
        try (SseClient sse = SseClient.open(base, null, ch)) {
            assertTrue(sse.contentType.startsWith("text/event-stream"), sse.contentType);
            Event subscribed = sse.next("subscribed");
            JsonNode state = subscribed.data().path("channels").get(0);
            assertEquals(ch, state.path("channel").asText());
            assertEquals(0, state.path("offset").asLong());
            assertFalse(state.path("recovered").asBoolean());
            String epoch = state.path("epoch").asText();
            assertEquals(epoch + ":0", subscribed.id());

            publish(ch, "{\"n\":1}");
            try (TestClient ws = TestClient.connect(base)) {
                ws.publish(ch, "{\"n\":2}");
            }
            List<Event> events = sse.publications(2);
            assertEquals(epoch + ":1", events.get(0).id());
            assertEquals(epoch + ":2", events.get(1).id());
            assertEquals("publication", events.get(0).data().path("type").asText());
            assertEquals(ch, events.get(0).data().path("channel").asText());
            assertEquals(1, events.get(0).data().path("data").path("n").asInt());
            assertEquals(2, events.get(1).data().path("data").path("n").asInt());
            assertTrue(events.get(1).data().has("info"), "a WebSocket publisher is named: " + events.get(1));
        }
    }

    @Test
    void reconnectWithLastEventIdRecoversEveryChannelWithNothingMissingAndNothingTwice() {
        String a = channel("chat");
        String b = channel("room");
        List<Long> seenA = new ArrayList<>();
        List<Long> seenB = new ArrayList<>();
        String lastId;
        try (SseClient sse = SseClient.open(base, null, a, b)) {
            lastId = sse.next("subscribed").id();
            publish(a, "\"a1\"");
            publish(b, "\"b1\"");
            publish(a, "\"a2\"");
            for (Event e : sse.publications(3)) {
                (e.data().path("channel").asText().equals(a) ? seenA : seenB).add(offsetOf(e));
                lastId = e.id();
            }
        }
        assertEquals(2, lastId.split(",").length, "the id holds one position per channel: " + lastId);
        // While the client is away.
        publish(b, "\"b2\"");
        publish(a, "\"a3\"");
        publish(b, "\"b3\"");
        try (SseClient sse = SseClient.open(base, lastId, a, b)) {
            Event subscribed = sse.next("subscribed");
            assertTrue(subscribed.data().path("channels").get(0).path("recovered").asBoolean(), subscribed.toString());
            assertTrue(subscribed.data().path("channels").get(1).path("recovered").asBoolean(), subscribed.toString());
            for (Event e : sse.publications(3)) {
                (e.data().path("channel").asText().equals(a) ? seenA : seenB).add(offsetOf(e));
            }
            publish(a, "\"a4\"");
            Event live = sse.next("publication");
            assertEquals(a, live.data().path("channel").asText());
            seenA.add(offsetOf(live));
            sse.assertNoEvent(Duration.ofMillis(300));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), seenA);
        assertEquals(List.of(1L, 2L, 3L), seenB);
    }

    @Test
    void reconnectBeyondTheHistoryWindowGetsAResetWithTheCurrentPosition() {
        String ch = channel("short"); // keeps 3 publications
        String lastId;
        try (SseClient sse = SseClient.open(base, null, ch)) {
            sse.next("subscribed");
            publish(ch, "1");
            lastId = sse.next("publication").id();
        }
        for (int i = 2; i <= 6; i++) {
            publish(ch, String.valueOf(i));
        }
        try (SseClient sse = SseClient.open(base, lastId, ch)) {
            Event subscribed = sse.next("subscribed");
            assertFalse(subscribed.data().path("channels").get(0).path("recovered").asBoolean());
            Event reset = sse.next("reset");
            assertEquals(ch, reset.data().path("channel").asText());
            assertEquals(6, reset.data().path("offset").asLong());
            assertTrue(reset.id().endsWith(":6"), reset.id());
            publish(ch, "7");
            assertEquals(7, offsetOf(sse.next("publication")));
        }
    }

    @Test
    void aSubscriberJoiningDuringPublishingSeesEveryLaterPublicationOnce() throws Exception {
        String ch = channel("chat");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread publisher = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 150 && running.get(); i++) {
                publish(ch, String.valueOf(i));
            }
        });
        try (SseClient sse = SseClient.open(base, null, ch)) {
            long start = sse.next("subscribed").data().path("channels").get(0).path("offset").asLong();
            publisher.join(Duration.ofSeconds(60));
            long top = ApiTest.api().get("/api/v1/channels/" + ch + "/history?limit=1").then().extract()
                    .jsonPath().getLong("offset");
            List<Long> offsets = new ArrayList<>();
            for (Event e : sse.publications((int) (top - start))) {
                offsets.add(offsetOf(e));
            }
            for (int i = 0; i < offsets.size(); i++) {
                assertEquals(start + 1 + i, offsets.get(i), "gap or repeat in " + offsets);
            }
            sse.assertNoEvent(Duration.ofMillis(300));
        } finally {
            running.set(false);
        }
    }

    @Test
    void idleStreamsGetCommentHeartbeats() throws InterruptedException {
        try (SseClient sse = SseClient.open(base, null, channel("chat"))) {
            sse.next("subscribed");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sse.comments() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(sse.comments() >= 2, "heartbeat comments every second; got " + sse.comments());
        }
    }

    @Test
    void closingTheStreamLeavesTheHub() throws InterruptedException {
        String ch = channel("chat");
        try (SseClient sse = SseClient.open(base, null, ch)) {
            sse.next("subscribed");
            assertEquals(1, hub.subscriberCount(ch));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriberCount(ch) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, hub.subscriberCount(ch));
    }
}
