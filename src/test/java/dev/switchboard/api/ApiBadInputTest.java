package dev.switchboard.api;

import static dev.switchboard.testing.GatewayTestProfile.API_KEY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Each kind of bad input to the API and the fallbacks gets its status and an RFC 9457 problem body. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ApiBadInputTest {

    @TestHTTPResource("/")
    URI base;

    private static RequestSpecification api() {
        return given().header("X-API-Key", API_KEY).contentType(ContentType.JSON);
    }

    /** Asserts the RFC 9457 shape: problem+json with type, title, status and a detail mentioning {@code hint}. */
    private static ValidatableResponse problem(ValidatableResponse response, int status, String type, String hint) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:" + type))
                .body("title", not(emptyOrNullString()))
                .body("status", equalTo(status))
                .body("detail", containsString(hint))
                .body(not(containsString("Exception")));
    }

    private static String channel() {
        return "chat:" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void missingKey() {
        problem(given().contentType(ContentType.JSON).body("{\"channel\":\"a\",\"data\":1}")
                .post("/api/v1/publish").then(), 401, "missing-api-key", "X-API-Key");
    }

    @Test
    void wrongKey() {
        problem(given().header("X-API-Key", API_KEY + "x").get("/api/v1/info").then(), 401, "wrong-api-key",
                "does not match");
    }

    @Test
    void unknownRouteWithoutKeyIsStill401() {
        problem(given().get("/api/v1/nothing-here").then(), 401, "missing-api-key", "X-API-Key");
    }

    @Test
    void malformedJson() {
        problem(api().body("{\"channel\": \"a\", \"data\": ").post("/api/v1/publish").then(), 400,
                "malformed-json", "not valid JSON");
    }

    @Test
    void bodyThatIsNotAnObject() {
        problem(api().body("[1,2]").post("/api/v1/publish").then(), 400, "bad-request", "JSON object");
    }

    @Test
    void missingChannel() {
        problem(api().body("{\"data\":1}").post("/api/v1/publish").then(), 400, "missing-field", "'channel'");
    }

    @Test
    void missingData() {
        problem(api().body("{\"channel\":\"" + channel() + "\"}").post("/api/v1/publish").then(), 400,
                "missing-field", "'data'");
    }

    @Test
    void emptyBody() {
        problem(api().post("/api/v1/publish").then(), 400, "missing-field", "JSON body");
    }

    @Test
    void channelOfTheWrongType() {
        problem(api().body("{\"channel\":5,\"data\":1}").post("/api/v1/publish").then(), 400, "bad-request",
                "'channel'");
    }

    @Test
    void invalidChannel() {
        problem(api().body("{\"channel\":\"bad channel\",\"data\":1}").post("/api/v1/publish").then(), 400,
                "invalid-channel", "A-Z a-z 0-9");
    }

    @Test
    void invalidChannelInBroadcastPublishesNothing() {
        String good = channel();
        problem(api().body("{\"channels\":[\"" + good + "\",\"no/slash\"],\"data\":1}").post("/api/v1/broadcast")
                .then(), 400, "invalid-channel", "no/slash");
        api().get("/api/v1/channels/" + good + "/history").then().statusCode(200).body("offset", equalTo(0));
    }

    @Test
    void broadcastWithoutChannels() {
        problem(api().body("{\"data\":1}").post("/api/v1/broadcast").then(), 400, "missing-field", "'channels'");
        problem(api().body("{\"channels\":[],\"data\":1}").post("/api/v1/broadcast").then(), 400, "missing-field",
                "at least one");
    }

    @Test
    void invalidChannelInPath() {
        problem(api().get("/api/v1/channels/bad%20channel/presence").then(), 400, "invalid-channel", "A-Z");
    }

    @Test
    void bodyOverTheLimit() {
        String big = "\"" + "x".repeat(70_000) + "\"";
        problem(api().body("{\"channel\":\"" + channel() + "\",\"data\":" + big + "}").post("/api/v1/publish")
                .then(), 413, "body-too-large", "switchboard.api.max-body-size");
    }

    @Test
    void chunkedBodyOverTheLimit() throws Exception {
        // No Content-Length: the limit is enforced while the body is read.
        byte[] body = ("{\"channel\":\"" + channel() + "\",\"data\":\"" + "y".repeat(70_000) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/publish"))
                .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            org.junit.jupiter.api.Assertions.assertEquals(413, response.statusCode(), response.body());
            org.junit.jupiter.api.Assertions.assertEquals("application/problem+json",
                    response.headers().firstValue("content-type").orElse(""));
        }
    }

    @Test
    void badSinceInHistory() {
        problem(api().queryParam("since", "no-offset").get("/api/v1/channels/" + channel() + "/history").then(),
                400, "bad-position", "<epoch>:<offset>");
    }

    @Test
    void badLimitInHistory() {
        problem(api().queryParam("limit", 5000).get("/api/v1/channels/" + channel() + "/history").then(), 400,
                "bad-limit", "1 to 1000");
    }

    @Test
    void disconnectNeedsExactlyOneTarget() {
        problem(api().body("{}").post("/api/v1/disconnect").then(), 400, "missing-field", "exactly one");
        problem(api().body("{\"user\":\"a\",\"client\":\"b\"}").post("/api/v1/disconnect").then(), 400,
                "missing-field", "exactly one");
    }

    @Test
    void unknownRouteInsideTheApi() {
        problem(api().get("/api/v1/nothing-here").then(), 404, "not-found", "/q/openapi");
        problem(api().post("/api/v1/channels/a/b/c").then(), 404, "not-found", "/q/openapi");
    }

    /**
     * Every API path with each method it does not take: 405 with {@code Allow}, not the catch-all's 404. The
     * header names exactly what that path takes (the REST layer's own answer to OPTIONS lists every method of
     * the resource class, whatever the path, so it is no reference here).
     */
    @Test
    void wrongMethodOnAnApiPathIs405WithAllow() {
        Map<String, String> calls = Map.of(
                "/api/v1/publish", "POST",
                "/api/v1/broadcast", "POST",
                "/api/v1/disconnect", "POST",
                "/api/v1/info", "GET",
                "/api/v1/channels/chat:lobby/presence", "GET",
                "/api/v1/channels/chat:lobby/history", "GET");
        for (Map.Entry<String, String> call : calls.entrySet()) {
            String path = call.getKey();
            Set<String> expected = new TreeSet<>(List.of(call.getValue(), "OPTIONS"));
            if (call.getValue().equals("GET")) {
                expected.add("HEAD");
            }
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (method.equals(call.getValue())) {
                    continue;
                }
                String allow = problem(api().body("{}").request(method, path).then(), 405, "method-not-allowed",
                        call.getValue()).extract().header("Allow");
                assertEquals(expected, methods(allow), method + " " + path);
            }
        }
    }

    private static Set<String> methods(String allowHeader) {
        assertNotNull(allowHeader, "no Allow header");
        return new TreeSet<>(List.of(allowHeader.split(",\\s*")));
    }

    /** Long-poll's 400 answers: each kind has a title of its own, as the API's do, not one "Bad request". */
    @Test
    void pollBadRequestsHaveTitlesOfTheirOwn() {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put(problem(given().queryParam("channel", channel()).queryParam("since", "x").get("/poll").then(),
                400, "bad-position", "<epoch>:<offset>").extract().path("title"), "bad-position");
        titles.put(problem(given().queryParam("channel", channel()).queryParam("timeout", "soon").get("/poll")
                .then(), 400, "bad-timeout", "0 to 60").extract().path("title"), "bad-timeout");
        titles.put(problem(given().get("/poll").then(), 400, "missing-field", "channel").extract().path("title"),
                "missing-field");
        titles.put(problem(given().queryParam("channel", channel()).queryParam("channel", channel()).get("/poll")
                .then(), 400, "too-many-channels", "/sse").extract().path("title"), "too-many-channels");
        titles.put(problem(given().queryParam("channel", "bad channel").get("/poll").then(), 400,
                "invalid-channel", "A-Z").extract().path("title"), "invalid-channel");
        assertEquals(5, titles.size(), "two kinds of 400 share a title: " + titles);
        assertFalse(titles.containsKey("Bad request"), "a generic title left: " + titles);
        assertEquals("Bad stream position", titles.keySet().iterator().next());
    }

    @Test
    void wrongContentType() {
        problem(given().header("X-API-Key", API_KEY).contentType(ContentType.TEXT).body("hello")
                .post("/api/v1/publish").then(), 415, "unsupported-media-type", "application/json");
    }

    @Test
    void pollBadSince() {
        problem(given().queryParam("channel", channel()).queryParam("since", "x").get("/poll").then(), 400,
                "bad-position", "<epoch>:<offset>");
    }

    @Test
    void pollTimeoutOutOfRange() {
        problem(given().queryParam("channel", channel()).queryParam("since", "abc:0").queryParam("timeout", 61)
                .get("/poll").then(), 400, "bad-timeout", "0 to 60");
        problem(given().queryParam("channel", channel()).queryParam("timeout", "soon").get("/poll").then(), 400,
                "bad-timeout", "0 to 60");
    }

    @Test
    void pollWithoutChannelOrWithAnInvalidOne() {
        problem(given().get("/poll").then(), 400, "missing-field", "channel");
        problem(given().queryParam("channel", "bad channel").get("/poll").then(), 400, "invalid-channel", "A-Z");
    }

    @Test
    void userLimitedChannelsAreForbiddenToAnonymousFallbackClients() {
        problem(given().queryParam("channel", "inbox#alice").get("/poll").then(), 403, "permission-denied",
                "authenticated");
        problem(given().queryParam("channel", "inbox#alice").get("/sse").then(), 403, "permission-denied",
                "authenticated");
    }

    @Test
    void sseBadLastEventId() {
        problem(given().queryParam("channel", channel()).queryParam("channel", channel())
                .header("Last-Event-ID", "abc:1").get("/sse").then(), 400, "bad-position", "2 channels");
        problem(given().queryParam("channel", channel()).header("Last-Event-ID", "abc:x").get("/sse").then(), 400,
                "bad-position", "not a position");
    }

    @Test
    void sseDuplicateChannel() {
        String ch = channel();
        problem(given().queryParam("channel", ch).queryParam("channel", ch).get("/sse").then(), 400,
                "duplicate-channel", "more than once");
    }
}
