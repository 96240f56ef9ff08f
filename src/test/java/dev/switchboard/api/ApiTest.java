package dev.switchboard.api;

import static dev.switchboard.testing.GatewayTestProfile.API_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.node.NodeClock;
import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Every call of /api/v1 over real HTTP, checked against real WebSocket subscribers. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ApiTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    NodeClock clock;

    static String channel(String namespace) {
        return namespace + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification api() {
        return given().header("X-API-Key", API_KEY).contentType(ContentType.JSON);
    }

    static JsonPath publish(String channel, String dataJson) {
        return api().body("{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}")
                .post("/api/v1/publish")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    @Test
    void webSocketSubscriberReceivesApiPublicationsWithTheOffsetsTheApiReturned() {
        String ch = channel("chat");
        try (TestClient sub = TestClient.connect(base)) {
            JsonNode subscribed = sub.subscribe(ch);
            JsonPath first = publish(ch, "{\"text\":\"from the back end\"}");
            JsonPath second = publish(ch, "[1,2,3]");
            assertEquals(ch, first.getString("channel"));
            assertEquals(subscribed.path("epoch").asText(), first.getString("epoch"));
            assertEquals(1, first.getLong("offset"));
            assertEquals(2, second.getLong("offset"));

            List<JsonNode> received = sub.publications(ch, 2);
            assertEquals(first.getLong("offset"), received.get(0).path("offset").asLong());
            assertEquals("from the back end", received.get(0).path("data").path("text").asText());
            assertEquals(second.getLong("offset"), received.get(1).path("offset").asLong());
            assertEquals(3, received.get(1).path("data").size());
            assertFalse(received.get(0).has("info"), "API publications carry no publisher info: " + received.get(0));
        }
    }

    @Test
    void apiAndWebSocketPublishesShareOneStream() {
        String ch = channel("chat");
        try (TestClient client = TestClient.connect(base)) {
            client.subscribe(ch);
            assertEquals(1, client.publish(ch, "\"ws\"").path("offset").asLong());
            assertEquals(2, publish(ch, "\"api\"").getLong("offset"));
            assertEquals(3, client.publish(ch, "\"ws again\"").path("offset").asLong());
            List<JsonNode> received = client.publications(ch, 3);
            assertEquals(List.of(1L, 2L, 3L), received.stream().map(p -> p.path("offset").asLong()).toList());
        }
        JsonPath history = api().get("/api/v1/channels/" + ch + "/history")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(3, history.getLong("offset"));
        assertEquals(List.of("ws", "api", "ws again"), history.getList("publications.data"));
    }

    @Test
    void explicitNullIsValidData() {
        String ch = channel("chat");
        try (TestClient sub = TestClient.connect(base)) {
            sub.subscribe(ch);
            publish(ch, "null");
            assertTrue(sub.publications(ch, 1).get(0).path("data").isNull());
        }
    }

    @Test
    void broadcastReachesSubscribersOfEveryListedChannel() {
        String a = channel("chat");
        String b = channel("room");
        String other = channel("chat");
        try (TestClient subA = TestClient.connect(base); TestClient subB = TestClient.connect(base);
                TestClient bystander = TestClient.connect(base)) {
            subA.subscribe(a);
            String epochB = subB.subscribe(b).path("epoch").asText();
            bystander.subscribe(other);
            publish(a, "\"earlier\"");
            JsonPath result = api().body("{\"channels\":[\"" + a + "\",\"" + b + "\"],\"data\":{\"alert\":true}}")
                    .post("/api/v1/broadcast").then().statusCode(200).extract().jsonPath();
            assertEquals(List.of(a, b), result.getList("results.channel"));
            assertEquals(List.of(2, 1), result.getList("results.offset"));

            JsonNode atA = subA.publications(a, 2).get(1);
            assertEquals(2, atA.path("offset").asLong());
            assertTrue(atA.path("data").path("alert").asBoolean());
            JsonNode atB = subB.publications(b, 1).get(0);
            assertEquals(1, atB.path("offset").asLong());
            assertEquals(epochB, result.getString("results[1].epoch"));
            bystander.assertNoFrame(f -> "publication".equals(f.path("type").asText()), Duration.ofMillis(300));
        }
    }

    @Test
    void presenceListsSubscribedClients() {
        String ch = channel("chat");
        try (TestClient one = TestClient.connect(base); TestClient two = TestClient.connect(base)) {
            one.subscribe(ch);
            two.subscribe(ch);
            String oneId = one.request("presence", "\"channel\":\"" + ch + "\"").path("clients").findValuesAsText(
                    "client").stream().sorted().toList().toString();
            JsonPath presence = api().get("/api/v1/channels/" + ch + "/presence")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(ch, presence.getString("channel"));
            assertEquals(oneId, presence.getList("clients.client", String.class).stream().sorted().toList()
                    .toString());
            assertEquals(2, presence.getList("clients").size());
        }
    }

    @Test
    void unknownChannelHasEmptyPresenceAndHistory() {
        String ch = channel("never");
        api().get("/api/v1/channels/" + ch + "/presence").then().statusCode(200)
                .body("channel", equalTo(ch)).body("clients.size()", equalTo(0));
        api().get("/api/v1/channels/" + ch + "/history").then().statusCode(200)
                .body("channel", equalTo(ch)).body("offset", equalTo(0)).body("publications.size()", equalTo(0))
                .body("$", hasKey("epoch"));
    }

    @Test
    void historyPagesForwardFromSince() {
        String ch = channel("chat");
        String epoch = null;
        for (int i = 1; i <= 5; i++) {
            epoch = publish(ch, String.valueOf(i)).getString("epoch");
        }
        JsonPath page = api().queryParam("since", epoch + ":2").queryParam("limit", 2)
                .get("/api/v1/channels/" + ch + "/history").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(3, 4), page.getList("publications.offset"));
        assertEquals(5, page.getLong("offset"));
        JsonPath newest = api().queryParam("limit", 2).get("/api/v1/channels/" + ch + "/history")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(4, 5), newest.getList("publications.offset"));
    }

    @Test
    void disconnectByUserClosesOnlyThatUsersSockets() {
        // Anonymous connections have no user: disconnecting a user leaves them all open.
        try (TestClient anonymous = TestClient.connect(base)) {
            api().body("{\"user\":\"nobody-" + UUID.randomUUID() + "\"}").post("/api/v1/disconnect")
                    .then().statusCode(200).body("disconnected", equalTo(0));
            assertEquals("pong", anonymous.request("ping", null).path("type").asText());
            assertFalse(anonymous.isClosed());
        }
    }

    @Test
    void disconnectByClientClosesThatSocketWith4003AndLeavesOthersOpen() {
        try (TestClient target = TestClient.open(base, "/ws"); TestClient other = TestClient.connect(base)) {
            String targetId = target.awaitType("welcome").path("client").asText();
            api().body("{\"client\":\"" + targetId + "\"}").post("/api/v1/disconnect")
                    .then().statusCode(200).body("disconnected", equalTo(1));
            JsonNode disconnect = target.awaitType("disconnect");
            assertEquals(4003, disconnect.path("code").asInt());
            assertFalse(disconnect.path("reconnect").asBoolean());
            assertEquals(4003, target.awaitClose());
            assertEquals("pong", other.request("ping", null).path("type").asText());
            assertFalse(other.isClosed());

            api().body("{\"client\":\"" + targetId + "\"}").post("/api/v1/disconnect")
                    .then().statusCode(200).body("disconnected", equalTo(0));
        }
    }

    @Test
    void infoReportsThisNode() {
        try (TestClient client = TestClient.connect(base)) {
            client.subscribe(channel("chat"));
            JsonPath info = api().get("/api/v1/info").then().statusCode(200).extract().jsonPath();
            assertEquals("test-node", info.getString("nodes[0].name"));
            assertEquals("1.0.0", info.getString("nodes[0].version"));
            assertTrue(info.getInt("connections") >= 1, info.prettify());
            assertTrue(info.getInt("subscriptions") >= 1, info.prettify());
            assertTrue(info.getInt("channels") >= 1, info.prettify());
        }
    }

    @Test
    void infoReportsTheUptimeOfTheNodeClockInSeconds() throws InterruptedException {
        // Wait until the node has been up for a whole second (usually long since: other tests ran first), so
        // that a hard-coded 0 cannot pass; milliseconds instead of seconds would then be 1000 times too big.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (clock.uptime().toSeconds() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long before = clock.uptime().toSeconds();
        JsonPath info = api().get("/api/v1/info").then().statusCode(200).extract().jsonPath();
        long after = clock.uptime().toSeconds();
        long uptime = info.getLong("uptime");
        assertTrue(before >= 1, "the node clock runs: " + clock.uptime());
        assertTrue(before <= uptime && uptime <= after,
                "uptime " + uptime + " s is the node clock's, read between " + before + " and " + after + " s");
        assertEquals(uptime, info.getLong("nodes[0].uptime"), "the total is this node's own: " + info.prettify());
    }

    @Test
    void openApiDescribesEveryCallAndTheKeyHeader() {
        JsonPath doc = given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath();
        for (String path : List.of("/api/v1/publish", "/api/v1/broadcast", "/api/v1/channels/{channel}/presence",
                "/api/v1/channels/{channel}/history", "/api/v1/disconnect", "/api/v1/info", "/sse", "/poll")) {
            assertTrue(doc.getMap("paths").containsKey(path), "OpenAPI lacks " + path);
        }
        assertEquals("apiKey", doc.getString("components.securitySchemes.apiKey.type"));
        assertEquals("X-API-Key", doc.getString("components.securitySchemes.apiKey.name"));
        assertEquals("header", doc.getString("components.securitySchemes.apiKey.in"));
        assertFalse(doc.getMap("paths").keySet().stream().anyMatch(p -> p.toString().contains("{path")),
                "the 404 catch-all is not part of the API: " + doc.getMap("paths").keySet());
    }

    @Test
    void swaggerUiIsServedWhenDocsAreOn() {
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("swagger"));
    }

    @Test
    void secondConfiguredKeyWorksToo() {
        given().header("X-API-Key", "second-test-key").get("/api/v1/info").then().statusCode(200)
                .body("nodes.name", hasItem("test-node"));
    }
}
