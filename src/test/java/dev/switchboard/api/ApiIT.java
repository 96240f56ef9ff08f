package dev.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.ArtifactUnderTest;
import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.PackagedAppProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The HTTP API for back ends against the packaged application, with a real WebSocket subscriber. */
@ExtendWith(ArtifactUnderTest.class) // first: checks and prints the artifact before Quarkus launches it
@QuarkusIntegrationTest
@TestProfile(PackagedAppProfile.class)
class ApiIT {

    private static final String KEY = PackagedAppProfile.API_KEY;

    @TestHTTPResource("/")
    URI base;

    @Test
    void publishReachesSubscribersAndShowsInHistoryPresenceAndInfo() {
        String channel = "apiit:" + UUID.randomUUID().toString().substring(0, 8);
        try (JdkWebSocket client = JdkWebSocket.connect(base)) {
            client.request("subscribe", "\"channel\":\"" + channel + "\"");

            given().header("X-API-Key", KEY).contentType(ContentType.JSON)
                    .body("{\"channel\":\"" + channel + "\",\"data\":{\"from\":\"backend\"}}")
                    .post("/api/v1/publish")
                    .then().statusCode(200).body("channel", equalTo(channel)).body("offset", equalTo(1));
            JsonNode push = client.awaitType("publication");
            assertEquals("backend", push.path("data").path("from").asText());

            given().header("X-API-Key", KEY).get("/api/v1/channels/" + channel + "/history")
                    .then().statusCode(200).body("offset", equalTo(1)).body("publications", hasSize(1));
            given().header("X-API-Key", KEY).get("/api/v1/channels/" + channel + "/presence")
                    .then().statusCode(200).body("clients", hasSize(1));
            given().header("X-API-Key", KEY).get("/api/v1/info")
                    .then().statusCode(200).body("connections", greaterThanOrEqualTo(1));
        }
    }

    @Test
    void disconnectByClientClosesItsConnection() {
        try (JdkWebSocket client = JdkWebSocket.open(base, "/ws")) {
            String id = client.awaitType("welcome").path("client").asText();
            given().header("X-API-Key", KEY).contentType(ContentType.JSON)
                    .body("{\"client\":\"" + id + "\"}")
                    .post("/api/v1/disconnect")
                    .then().statusCode(200).body("disconnected", equalTo(1));
            JsonNode disconnect = client.awaitType("disconnect");
            assertEquals(disconnect.path("code").asInt(), client.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aMissingKeyIs401ProblemJson() {
        given().contentType(ContentType.JSON).body("{\"channel\":\"x\",\"data\":1}")
                .post("/api/v1/publish")
                .then().statusCode(401).contentType(startsWith("application/problem+json"));
    }
}
