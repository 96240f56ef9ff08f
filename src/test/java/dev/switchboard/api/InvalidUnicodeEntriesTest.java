package dev.switchboard.api;

import static dev.switchboard.testing.GatewayTestProfile.API_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Issue 13, defect 1 (input side): a string that is not valid Unicode is refused at every entry before anything
 * is published: WebSocket JSON and CBOR (bad_request), API bodies and fallback parameters (400 problem). Each
 * test then shows the channel's stream is still at offset 0 and a CBOR subscriber got nothing.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class InvalidUnicodeEntriesTest {

    private static final ObjectMapper CBOR = new CBORMapper();

    @TestHTTPResource("/")
    URI base;

    private static String channel() {
        return "uni:" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertNothingPublished(String channel) {
        given().header("X-API-Key", API_KEY).get("/api/v1/channels/" + channel + "/history").then()
                .statusCode(200).body("offset", equalTo(0));
    }

    private TestClient cborSubscriber(String channel) throws Exception {
        TestClient cbor = TestClient.open(base, "/ws", c -> c.addSubprotocol("switchboard.v1.cbor"));
        CBOR.readTree(cbor.awaitBinary()); // welcome
        cbor.sendBinary(CBOR.writeValueAsBytes(Map.of("type", "subscribe", "id", 1, "channel", channel)));
        assertEquals("subscribed", CBOR.readTree(cbor.awaitBinary()).path("type").asText());
        return cbor;
    }

    @Test
    void webSocketJsonWithAnEscapedLoneSurrogateIsBadRequest() throws Exception {
        String channel = channel();
        try (TestClient cbor = cborSubscriber(channel); TestClient json = TestClient.connect(base)) {
            json.send("{\"type\":\"publish\",\"id\":3,\"channel\":\"" + channel + "\",\"data\":{\"t\":\"\\ud800\"}}");
            JsonNode error = json.awaitType("error"); // the frame was not read far enough to know its id
            assertEquals("error", error.path("type").asText(), error.toString());
            assertEquals("bad_request", error.path("code").asText());
            assertEquals("pong", json.request("ping", null).path("type").asText());
            assertNothingPublished(channel);
            json.publish(channel, "\"ok\"");
            JsonNode push = CBOR.readTree(cbor.awaitBinary());
            assertEquals(1, push.path("offset").asLong(), "the refused publish took no offset: " + push);
        }
    }

    @Test
    void webSocketCborWithAnEncodedSurrogateIsBadRequest() throws Exception {
        String channel = channel();
        try (TestClient cbor = cborSubscriber(channel)) {
            // {"type":"publish","id":4,"channel":<channel>,"data":<text ED A0 80>}, built by hand: no encoder
            // would write these bytes.
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0xa4);
            frame.writeBytes(CBOR.writeValueAsBytes("type"));
            frame.writeBytes(CBOR.writeValueAsBytes("publish"));
            frame.writeBytes(CBOR.writeValueAsBytes("id"));
            frame.writeBytes(CBOR.writeValueAsBytes(4));
            frame.writeBytes(CBOR.writeValueAsBytes("channel"));
            frame.writeBytes(CBOR.writeValueAsBytes(channel));
            frame.writeBytes(CBOR.writeValueAsBytes("data"));
            frame.writeBytes(new byte[] { 0x63, (byte) 0xed, (byte) 0xa0, (byte) 0x80 });
            cbor.sendBinary(frame.toByteArray());
            JsonNode error = CBOR.readTree(cbor.awaitBinary());
            assertEquals("error", error.path("type").asText(), error.toString());
            assertEquals("bad_request", error.path("code").asText(), error.toString());
            assertNothingPublished(channel);
        }
    }

    @Test
    void apiBodyWithAnEscapedLoneSurrogateIs400() {
        String channel = channel();
        given().header("X-API-Key", API_KEY).contentType(ContentType.JSON)
                .body("{\"channel\":\"" + channel + "\",\"data\":[\"a\",{\"k\":\"\\udfff\"}]}")
                .post("/api/v1/publish").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:not-unicode"))
                .body("detail", containsString("Unicode"));
        // Jackson's own parser already refuses a lone surrogate in a field name of a byte body: also a 400.
        given().header("X-API-Key", API_KEY).contentType(ContentType.JSON)
                .body("{\"channel\":\"" + channel + "\",\"data\":{\"\\udfff\":1}}")
                .post("/api/v1/publish").then().statusCode(400).contentType("application/problem+json");
        given().header("X-API-Key", API_KEY).contentType(ContentType.JSON)
                .body("{\"channels\":[\"" + channel + "\"],\"data\":\"\\ud800\"}")
                .post("/api/v1/broadcast").then().statusCode(400).contentType("application/problem+json");
        assertNothingPublished(channel);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "eda080", "c080", "e08080", "f4908080", "c3" })
    void apiBodyThatIsNotUtf8Is400(String hex) throws Exception {
        String channel = channel();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"channel\":\"" + channel + "\",\"data\":\"").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(java.util.HexFormat.of().parseHex(hex));
        body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/publish"))
                .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        }
        assertNothingPublished(channel);
    }

    @Test
    void fallbackParametersThatAreNotUtf8Are400() {
        String channel = channel();
        // %ED%A0%80 is an encoded surrogate: not UTF-8 once percent-decoded (RFC 3986 2.5 says UTF-8).
        given().urlEncodingEnabled(false).get("/poll?channel=" + channel + "&since=%ED%A0%80:0").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:not-unicode"))
                .body("detail", containsString("UTF-8"));
        given().urlEncodingEnabled(false).get("/sse?channel=" + channel + "&token=%C0%80").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:not-unicode"));
    }
}
