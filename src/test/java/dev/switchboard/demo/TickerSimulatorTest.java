package dev.switchboard.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** The simulator feeds ticker:* through the broker: a real WebSocket subscriber sees quotes with offsets and history. */
@QuarkusTest
class TickerSimulatorTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Vertx vertx;

    @Test
    void tickerRouteTellsTheDemoPageTheSymbols() {
        given().get("/demo/ticker").then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("symbols", contains("ACME", "GLOBEX", "INITECH", "HOOLI", "UMBRELLA"));
    }

    @Test
    void quotesArriveAsPublicationsWithConsecutiveOffsetsAndHistory() throws Exception {
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(ws.getHost()).setPort(ws.getPort())
                .setURI("/ws").addSubProtocol("switchboard.v1.json");
        WebSocket socket = vertx.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
            assertEquals("welcome", next(frames).getString("type"));
            socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", 1).put("channel", "ticker:ACME").encode());
            JsonObject subscribed = next(frames);
            assertEquals("subscribed", subscribed.getString("type"));

            List<JsonObject> quotes = new CopyOnWriteArrayList<>();
            while (quotes.size() < 3) {
                JsonObject frame = next(frames);
                if ("publication".equals(frame.getString("type"))) {
                    quotes.add(frame);
                }
            }
            long first = quotes.get(0).getLong("offset");
            assertTrue(first > subscribed.getLong("offset"), "pushes continue after the subscribe position");
            for (int i = 0; i < quotes.size(); i++) {
                JsonObject q = quotes.get(i);
                assertEquals("ticker:ACME", q.getString("channel"));
                assertEquals(first + i, q.getLong("offset"), "one quote per offset, in order");
                JsonObject data = q.getJsonObject("data");
                assertEquals("ACME", data.getString("symbol"));
                assertTrue(data.getDouble("price") > 0);
                assertTrue(data.containsKey("changePct") && data.containsKey("ts"));
            }

            socket.writeTextMessage(new JsonObject().put("type", "history").put("id", 2).put("channel", "ticker:ACME")
                    .put("limit", 2).encode());
            JsonObject history;
            do {
                history = next(frames);
            } while (!"history".equals(history.getString("type")));
            assertEquals(2, history.getJsonArray("publications").size(), "quotes are kept in history for recovery");
        } finally {
            socket.close();
        }
    }

    private static JsonObject next(LinkedBlockingQueue<JsonObject> frames) throws InterruptedException {
        JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }
}
