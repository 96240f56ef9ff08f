package dev.switchboard.gateway;

import static dev.switchboard.testing.TestClient.expectType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every command of PROTOCOL.md and its reply, over a real WebSocket. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class CommandsTest {

    @TestHTTPResource("/")
    URI base;

    private static String channel(String namespace) {
        return namespace + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void welcomeIsTheFirstFrame() {
        try (TestClient client = TestClient.open(base, "/ws")) {
            JsonNode welcome = client.awaitType("welcome");
            assertFalse(welcome.path("client").asText().isEmpty());
            assertTrue(welcome.has("user") && welcome.get("user").isNull(), "anonymous user is null: " + welcome);
            assertEquals("test-node", welcome.path("node").asText());
            assertEquals("1.0.0", welcome.path("version").asText());
            assertEquals(25, welcome.path("pingInterval").asInt());
            assertEquals(65536, welcome.path("maxMessageSize").asInt(), "the default limit: " + welcome);
        }
    }

    @Test
    void subscribePublishAndReceive() {
        String ch = channel("plain");
        try (TestClient client = TestClient.connect(base)) {
            JsonNode subscribed = client.subscribe(ch);
            assertEquals(ch, subscribed.path("channel").asText());
            assertEquals(0, subscribed.path("offset").asLong());
            assertFalse(subscribed.path("recovered").asBoolean());
            assertEquals(0, subscribed.path("publications").size());
            assertFalse(subscribed.path("epoch").asText().isEmpty());

            JsonNode published = client.publish(ch, "{\"text\":\"hi\"}");
            assertEquals(1, published.path("offset").asLong());
            assertEquals(ch, published.path("channel").asText());

            JsonNode publication = client.publications(ch, 1).get(0);
            assertEquals(1, publication.path("offset").asLong());
            assertEquals("hi", publication.path("data").path("text").asText());
            assertEquals(client.pending().isEmpty(), true);
        }
    }

    @Test
    void publicationCarriesPublisherInfo() {
        String ch = channel("plain");
        try (TestClient sub = TestClient.connect(base); TestClient pub = TestClient.connect(base)) {
            sub.subscribe(ch);
            pub.publish(ch, "42");
            JsonNode publication = sub.publications(ch, 1).get(0);
            assertEquals(42, publication.path("data").asInt());
            assertNotNull(publication.path("info").path("client").asText(null));
            assertTrue(publication.path("info").has("user"));
        }
    }

    @Test
    void publishWithoutIdGetsNoReplyButIsDelivered() {
        String ch = channel("plain");
        try (TestClient client = TestClient.connect(base)) {
            client.subscribe(ch);
            client.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":[1,2]}");
            JsonNode publication = client.publications(ch, 1).get(0);
            assertEquals(2, publication.path("data").size());
            client.assertNoFrame(f -> "published".equals(f.path("type").asText()), java.time.Duration.ofMillis(300));
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        String ch = channel("plain");
        try (TestClient client = TestClient.connect(base); TestClient other = TestClient.connect(base)) {
            client.subscribe(ch);
            JsonNode reply = expectType(client.request("unsubscribe", "\"channel\":\"" + ch + "\""), "unsubscribed");
            assertEquals(ch, reply.path("channel").asText());
            other.publish(ch, "\"after\"");
            client.assertNoFrame(f -> "publication".equals(f.path("type").asText()), java.time.Duration.ofMillis(300));
        }
    }

    @Test
    void historyReturnsNewestOldestFirstAndHonoursSinceAndLimit() {
        String ch = channel("plain");
        try (TestClient client = TestClient.connect(base)) {
            for (int i = 1; i <= 5; i++) {
                client.publish(ch, String.valueOf(i));
            }
            JsonNode all = expectType(client.request("history", "\"channel\":\"" + ch + "\""), "history");
            assertEquals(5, all.path("offset").asLong());
            assertEquals(5, all.path("publications").size());
            assertEquals(1, all.path("publications").get(0).path("offset").asLong());

            JsonNode limited = client.request("history", "\"channel\":\"" + ch + "\",\"limit\":2");
            assertEquals(2, limited.path("publications").size());
            assertEquals(4, limited.path("publications").get(0).path("offset").asLong());
            assertEquals(5, limited.path("publications").get(1).path("offset").asLong());

            String epoch = all.path("epoch").asText();
            JsonNode since = client.request("history",
                    "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":2},\"limit\":2");
            assertEquals(2, since.path("publications").size());
            assertEquals(3, since.path("publications").get(0).path("offset").asLong());
            assertEquals(4, since.path("publications").get(1).path("offset").asLong());
        }
    }

    @Test
    void historyOfUnknownChannelIsEmpty() {
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = expectType(client.request("history", "\"channel\":\"" + channel("none") + "\""),
                    "history");
            assertEquals(0, reply.path("offset").asLong());
            assertEquals(0, reply.path("publications").size());
        }
    }

    @Test
    void historySizeIsBoundedPerNamespace() {
        String ch = channel("short");
        try (TestClient client = TestClient.connect(base)) {
            for (int i = 1; i <= 10; i++) {
                client.publish(ch, String.valueOf(i));
            }
            JsonNode reply = client.request("history", "\"channel\":\"" + ch + "\"");
            assertEquals(10, reply.path("offset").asLong());
            assertEquals(3, reply.path("publications").size());
            assertEquals(8, reply.path("publications").get(0).path("offset").asLong());
        }
    }

    @Test
    void historyExpiresAfterTtl() throws InterruptedException {
        String ch = channel("brief");
        try (TestClient client = TestClient.connect(base)) {
            client.publish(ch, "1");
            assertEquals(1, client.request("history", "\"channel\":\"" + ch + "\"").path("publications").size());
            Thread.sleep(1300);
            JsonNode reply = client.request("history", "\"channel\":\"" + ch + "\"");
            assertEquals(0, reply.path("publications").size());
            assertEquals(1, reply.path("offset").asLong(), "the offset survives the history");
        }
    }

    @Test
    void presenceListsSubscribers() {
        String ch = channel("plain");
        try (TestClient a = TestClient.connect(base); TestClient b = TestClient.connect(base)) {
            a.subscribe(ch);
            b.subscribe(ch);
            JsonNode presence = expectType(a.request("presence", "\"channel\":\"" + ch + "\""), "presence");
            assertEquals(ch, presence.path("channel").asText());
            assertEquals(2, presence.path("clients").size());
            JsonNode entry = presence.path("clients").get(0);
            assertTrue(entry.has("client") && entry.has("user") && entry.has("info"), entry.toString());
        }
    }

    @Test
    void presenceUniquePerUserLeavesAnonymousConnectionsOutAndACountsOnlyNamespaceSendsNoList() {
        String ch = channel("plain");
        String crowd = channel("crowd");
        try (TestClient a = TestClient.connect(base); TestClient b = TestClient.connect(base)) {
            for (TestClient c : List.of(a, b)) {
                c.subscribe(ch);
                c.subscribe(crowd);
            }
            JsonNode unique = expectType(a.request("presence", "\"channel\":\"" + ch + "\",\"unique\":\"user\""),
                    "presence");
            assertEquals(0, unique.path("clients").size(), "anonymous connections are nobody's: " + unique);
            JsonNode counts = expectType(a.request("presence", "\"channel\":\"" + crowd + "\""), "presence");
            assertFalse(counts.has("clients"), "no member list: " + counts);
            assertEquals(2, counts.path("counts").path("clients").asInt(), counts.toString());
            assertEquals(0, counts.path("counts").path("users").asInt(), counts.toString());
            JsonNode bad = a.request("presence", "\"channel\":\"" + ch + "\",\"unique\":\"client\"");
            assertEquals("bad_request", bad.path("code").asText(), bad.toString());
        }
    }

    @Test
    void pingGetsPong() {
        try (TestClient client = TestClient.connect(base)) {
            JsonNode pong = expectType(client.request("ping", null), "pong");
            assertNotNull(pong.get("id"));
        }
    }

    @Test
    void repliesComeInCommandOrder() {
        String ch = channel("plain");
        try (TestClient client = TestClient.connect(base)) {
            StringBuilder burst = new StringBuilder();
            for (int id = 1; id <= 50; id++) {
                String command = switch (id % 3) {
                    case 0 -> "{\"type\":\"ping\",\"id\":" + id + "}";
                    case 1 -> "{\"type\":\"publish\",\"id\":" + id + ",\"channel\":\"" + ch + "\",\"data\":" + id + "}";
                    default -> "{\"type\":\"history\",\"id\":" + id + ",\"channel\":\"" + ch + "\",\"limit\":1}";
                };
                client.send(command);
            }
            long expected = 1;
            while (expected <= 50) {
                JsonNode frame = client.await(f -> f.has("id"), "a reply");
                assertEquals(expected++, frame.path("id").asLong(), "replies out of order");
            }
        }
    }
}
