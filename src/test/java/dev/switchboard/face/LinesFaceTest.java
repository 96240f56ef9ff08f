package dev.switchboard.face;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A face added without touching the core ({@link LinesEndpoint}, test code only) subscribes through the shared
 * subscribe flow and receives what {@code /ws} clients and the HTTP API publish, with the exactly-once catch-up.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class LinesFaceTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aTestOnlyProtocolRecoversAndThenReceivesPublicationsOfEveryPublisherExactlyOnce() {
        String channel = "lines:" + UUID.randomUUID();
        try (TestClient native1 = TestClient.connect(base)) {
            JsonNode subscribed = native1.subscribe(channel);
            String epoch = subscribed.path("epoch").asText();
            for (int i = 1; i <= 3; i++) {
                native1.publish(channel, "{\"i\":" + i + "}");
            }
            native1.publications(channel, 3);

            // Missed offsets 2 and 3: the first line is the position, then the catch-up, then live publications.
            try (TestClient lines = TestClient.open(base, "/test/lines?channel=" + channel + "&since=" + epoch + ":1")) {
                JsonNode head = lines.await(f -> f.has("recovered"), "position line");
                assertTrue(head.path("recovered").asBoolean(), head.toString());
                assertEquals(3, head.path("offset").asLong());
                native1.publish(channel, "{\"i\":4}");
                given().header("X-API-Key", GatewayTestProfile.API_KEY).contentType(ContentType.JSON)
                        .body("{\"channel\":\"" + channel + "\",\"data\":{\"i\":5}}")
                        .post("/api/v1/publish").then().statusCode(200);
                List<Long> offsets = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    JsonNode line = lines.await(f -> f.has("n"), "publication line " + (i + 2));
                    offsets.add(line.path("n").asLong());
                    assertEquals(line.path("n").asLong(), line.path("d").path("i").asLong(), line.toString());
                }
                assertEquals(List.of(2L, 3L, 4L, 5L), offsets, "each publication once, in offset order");
                lines.assertNoFrame(f -> f.has("n"), Duration.ofMillis(300));
                assertFalse(lines.isClosed());
            }
        }
    }
}
