package dev.switchboard.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.TestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The simulator feeds ticker:* through the broker: a real WebSocket subscriber sees quotes with offsets and history. */
@QuarkusTest
class TickerSimulatorTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void tickerRouteTellsTheDemoPageTheSymbols() {
        given().get("/demo/ticker").then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("symbols", contains("ACME", "GLOBEX", "INITECH", "HOOLI", "UMBRELLA"));
    }

    @Test
    void quotesArriveAsPublicationsWithConsecutiveOffsetsAndHistory() {
        try (TestClient client = TestClient.connect(ws.resolve("/"))) {
            JsonNode subscribed = client.subscribe("ticker:ACME");
            List<JsonNode> quotes = client.publications("ticker:ACME", 3);
            long first = quotes.get(0).path("offset").asLong();
            assertTrue(first > subscribed.path("offset").asLong(), "pushes continue after the subscribe position");
            for (int i = 0; i < quotes.size(); i++) {
                JsonNode q = quotes.get(i);
                assertEquals("ticker:ACME", q.path("channel").asText());
                assertEquals(first + i, q.path("offset").asLong(), "one quote per offset, in order");
                JsonNode data = q.path("data");
                assertEquals("ACME", data.path("symbol").asText());
                assertTrue(data.path("price").asDouble() > 0);
                assertTrue(data.has("changePct") && data.has("ts"));
            }
            JsonNode history = client.request("history", "\"channel\":\"ticker:ACME\",\"limit\":2");
            assertEquals(2, history.path("publications").size(), "quotes are kept in history for recovery");
        }
    }
}
