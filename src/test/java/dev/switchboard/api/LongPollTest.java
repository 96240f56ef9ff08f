package dev.switchboard.api;

import static dev.switchboard.api.ApiTest.channel;
import static dev.switchboard.api.ApiTest.publish;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.channel.Hub;
import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** GET /poll over real HTTP: immediate answers, waiting, timeouts, recovery and a polling loop. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class LongPollTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Hub hub;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private CompletableFuture<JsonNode> poll(String channel, String since, int timeout) {
        String query = "/poll?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "&timeout=" + timeout
                + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        return http.sendAsync(HttpRequest.newBuilder(base.resolve(query)).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                    assertEquals(200, response.statusCode(), response.body());
                    return TestClient.parse(response.body());
                });
    }

    private static JsonNode await(CompletableFuture<JsonNode> answer) throws Exception {
        return answer.get(70, TimeUnit.SECONDS);
    }

    private static String since(JsonNode answer) {
        return answer.path("epoch").asText() + ":" + answer.path("offset").asLong();
    }

    @Test
    void withoutSinceAnswersTheCurrentPositionAtOnce() throws Exception {
        String ch = channel("chat");
        String epoch = publish(ch, "1").getString("epoch");
        JsonNode answer = await(poll(ch, null, 60));
        assertEquals(ch, answer.path("channel").asText());
        assertEquals(epoch, answer.path("epoch").asText());
        assertEquals(1, answer.path("offset").asLong());
        assertFalse(answer.path("recovered").asBoolean());
        assertEquals(0, answer.path("publications").size());
    }

    @Test
    void answersAtOnceWhenHistoryHoldsNewerPublications() throws Exception {
        String ch = channel("chat");
        String epoch = publish(ch, "\"one\"").getString("epoch");
        publish(ch, "\"two\"");
        publish(ch, "\"three\"");
        JsonNode answer = await(poll(ch, epoch + ":1", 60));
        assertTrue(answer.path("recovered").asBoolean());
        assertEquals(3, answer.path("offset").asLong());
        assertEquals(2, answer.path("publications").size());
        assertEquals("two", answer.path("publications").get(0).path("data").asText());
        assertEquals(3, answer.path("publications").get(1).path("offset").asLong());
    }

    @Test
    void waitsInTheHubForTheNextPublication() throws Exception {
        String ch = channel("chat");
        JsonNode start = await(poll(ch, null, 0));
        CompletableFuture<JsonNode> waiting = poll(ch, since(start), 60);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriberCount(ch) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, hub.subscriberCount(ch), "the poll is parked in the hub");
        assertFalse(waiting.isDone());
        publish(ch, "{\"hello\":true}");
        JsonNode answer = await(waiting);
        assertTrue(answer.path("recovered").asBoolean());
        assertEquals(1, answer.path("offset").asLong());
        assertEquals(1, answer.path("publications").size());
        assertTrue(answer.path("publications").get(0).path("data").path("hello").asBoolean());
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriberCount(ch) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, hub.subscriberCount(ch), "an answered poll leaves the hub");
    }

    @Test
    void answersAnEmptyListAtTheTimeout() throws Exception {
        String ch = channel("chat");
        String epoch = publish(ch, "1").getString("epoch");
        long started = System.nanoTime();
        JsonNode answer = await(poll(ch, epoch + ":1", 1));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(900).toNanos(), "waited for the timeout");
        assertTrue(answer.path("recovered").asBoolean());
        assertEquals(1, answer.path("offset").asLong());
        assertEquals(epoch, answer.path("epoch").asText());
        assertEquals(0, answer.path("publications").size());
    }

    @Test
    void sinceOutsideTheHistoryWindowAnswersRecoveredFalseWithTheCurrentPosition() throws Exception {
        String ch = channel("short"); // keeps 3 publications
        String epoch = null;
        for (int i = 1; i <= 6; i++) {
            epoch = publish(ch, String.valueOf(i)).getString("epoch");
        }
        JsonNode answer = await(poll(ch, epoch + ":1", 60));
        assertFalse(answer.path("recovered").asBoolean());
        assertEquals(epoch, answer.path("epoch").asText());
        assertEquals(6, answer.path("offset").asLong());
        assertEquals(0, answer.path("publications").size());

        JsonNode otherEpoch = await(poll(ch, "someOtherEpoch:3", 60));
        assertFalse(otherEpoch.path("recovered").asBoolean());
        assertEquals(epoch, otherEpoch.path("epoch").asText());
    }

    @Test
    void aPollingLoopReceivesEveryPublicationExactlyOnce() throws Exception {
        String ch = channel("chat");
        int total = 60;
        Thread publisher = Thread.ofVirtual().start(() -> {
            for (int i = 1; i <= total; i++) {
                publish(ch, String.valueOf(i));
                if (i % 10 == 0) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        List<Integer> received = new ArrayList<>();
        String since = since(await(poll(ch, null, 0)));
        // The stream may already have publications before the loop's start; a client starting at offset 0
        // would get them from history, so start from the very beginning of this epoch.
        since = since.substring(0, since.lastIndexOf(':')) + ":0";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < total && System.nanoTime() < deadline) {
            JsonNode answer = await(poll(ch, since, 5));
            assertTrue(answer.path("recovered").asBoolean(), answer.toString());
            answer.path("publications").forEach(p -> received.add(p.path("data").asInt()));
            since = since(answer);
        }
        publisher.join(Duration.ofSeconds(30));
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            expected.add(i);
        }
        assertEquals(expected, received);
    }

    @Test
    void aClientThatGoesAwayLeavesTheHub() throws Exception {
        String ch = channel("chat");
        JsonNode start = await(poll(ch, null, 0));
        CompletableFuture<JsonNode> waiting = poll(ch, since(start), 60);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriberCount(ch) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, hub.subscriberCount(ch));
        waiting.cancel(true);
        http.shutdownNow();
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriberCount(ch) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, hub.subscriberCount(ch));
    }

    @Test
    void restAssuredSeesJsonWithTheDocumentedFields() {
        String ch = channel("chat");
        given().queryParam("channel", ch).get("/poll").then().statusCode(200).contentType("application/json")
                .body("channel", org.hamcrest.Matchers.equalTo(ch))
                .body("offset", org.hamcrest.Matchers.equalTo(0))
                .body("recovered", org.hamcrest.Matchers.equalTo(false))
                .body("publications.size()", org.hamcrest.Matchers.equalTo(0));
    }
}
