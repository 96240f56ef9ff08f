package dev.switchboard.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The rpc command against a real HTTP back end: the round trip and every way the back end can fail. */
@QuarkusTest
@TestProfile(HookTestProfile.class)
class HookRpcTest {

    @RegisterExtension
    static final ProxyBackendExtension backend = new ProxyBackendExtension();

    @TestHTTPResource("/")
    URI base;

    @Test
    void roundTrip() {
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("rpc", "\"method\":\"echo\",\"data\":{\"n\":42}");
            assertEquals("rpc_result", reply.path("type").asText(), reply.toString());
            assertEquals(42, reply.path("data").path("echo").path("n").asInt());
            assertTrue(!reply.path("data").path("client").asText().isEmpty(), "the back end is told the client");
            JsonNode empty = client.request("rpc", "\"method\":\"nothing\"");
            assertEquals("rpc_result", empty.path("type").asText());
            assertTrue(empty.has("data") && empty.path("data").isNull(), empty.toString());
        }
    }

    @Test
    void theBackEndsErrorIsBackendRefused() {
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("rpc", "\"method\":\"refuse\"");
            assertEquals("backend_refused", reply.path("code").asText(), reply.toString());
            assertEquals("unknown method", reply.path("message").asText());
        }
    }

    @Test
    void timeoutServerErrorAndBadJsonAreBackendUnavailableAndCounted() {
        try (TestClient client = TestClient.connect(base)) {
            for (String[] failure : new String[][] { { "slow", "timeout" }, { "fail", "bad_status" },
                    { "garbage", "bad_response" } }) {
                double before = HookMetricsText.calls("rpc", failure[1]);
                long started = System.nanoTime();
                JsonNode reply = client.request("rpc", "\"method\":\"" + failure[0] + "\"");
                assertEquals("error", reply.path("type").asText(), reply.toString());
                assertEquals("backend_unavailable", reply.path("code").asText(), reply.toString());
                assertTrue((System.nanoTime() - started) / 1_000_000 < ProxyBackend.TOO_SLOW_MILLIS, failure[0]);
                assertEquals(before + 1, HookMetricsText.calls("rpc", failure[1]), failure[1]);
            }
            // The connection is fine afterwards.
            assertEquals("rpc_result", client.request("rpc", "\"method\":\"echo\"").path("type").asText());
        }
    }

    @Test
    void aCallWithoutMethodIsABadRequest() {
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("rpc", "\"data\":1");
            assertEquals("bad_request", reply.path("code").asText(), reply.toString());
        }
    }
}
