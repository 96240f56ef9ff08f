package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class EchoEndpointTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void echoesTextAndBinaryUnchanged() {
        try (TestClient client = TestClient.open(base, "/ws/echo")) {
            client.send("{\"hello\":\"w\u00f6rld\"}");
            assertEquals("w\u00f6rld", client.await(f -> f.has("hello"), "the echo").path("hello").asText());
            byte[] bytes = { 0, 1, 2, (byte) 0xff, 42 };
            client.sendBinary(bytes);
            assertArrayEquals(bytes, client.awaitBinary());
        }
    }
}
