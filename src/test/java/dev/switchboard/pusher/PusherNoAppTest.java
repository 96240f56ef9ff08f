package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.JdkWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The default configuration has no Pusher app: the endpoints answer as Pusher does for an unknown app. */
@QuarkusTest
class PusherNoAppTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theWebSocketAnswers4001() {
        try (JdkWebSocket socket = JdkWebSocket.open(base, "/app/any-key?protocol=7&client=js&version=8.4.0")) {
            JsonNode error = socket.await(f -> "pusher:error".equals(f.path("event").asText()), "pusher:error").frame();
            assertEquals(4001, error.path("data").path("code").asInt(), error.toString());
            assertEquals(4001, socket.awaitClose());
        }
    }

    @Test
    void theHttpApiAnswers404() throws Exception {
        String query = "auth_key=k&auth_timestamp=" + System.currentTimeMillis() / 1000 + "&auth_version=1.0&body_md5="
                + URLEncoder.encode("0", StandardCharsets.UTF_8) + "&auth_signature=0";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/apps/1/events?" + query)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("Unknown app"), response.body());
    }
}
