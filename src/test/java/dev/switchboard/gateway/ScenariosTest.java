package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The scenarios of issue 2's "done when", over real sockets. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ScenariosTest {

    @TestHTTPResource("/")
    URI base;

    private static String channel(String namespace) {
        return namespace + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertOffsets(List<JsonNode> publications, long first, long last) {
        assertEquals(last - first + 1, publications.size(), "count of publications");
        long expected = first;
        for (JsonNode p : publications) {
            assertEquals(expected++, p.path("offset").asLong(), "offset order in " + publications);
        }
    }

    @Test
    void twoClientsExchangePublicationsInOrder() {
        String ch = channel("plain");
        try (TestClient alice = TestClient.connect(base); TestClient bob = TestClient.connect(base)) {
            alice.subscribe(ch);
            bob.subscribe(ch);
            for (int i = 0; i < 20; i++) {
                (i % 2 == 0 ? alice : bob).publish(ch, "{\"n\":" + i + "}");
            }
            for (TestClient client : List.of(alice, bob)) {
                List<JsonNode> received = client.publications(ch, 20);
                assertOffsets(received, 1, 20);
                for (int i = 0; i < 20; i++) {
                    assertEquals(i, received.get(i).path("data").path("n").asInt());
                }
            }
        }
    }

    @Test
    void thousandSubscribersReceiveAllTwoHundredPublicationsInOrder() throws Exception {
        String ch = channel("fan");
        List<TestClient> subscribers = TestClient.connectMany(base, 1000);
        try {
            for (TestClient client : subscribers) {
                client.send("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + ch + "\"}");
            }
            for (TestClient client : subscribers) {
                assertEquals("subscribed", client.awaitId(1).path("type").asText());
            }
            try (TestClient publisher = TestClient.connect(base)) {
                for (int i = 1; i <= 200; i++) {
                    publisher.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":" + i + "}");
                }
                publisher.publish(ch, "\"end\"");
            }
            for (TestClient client : subscribers) {
                assertOffsets(client.publications(ch, 201), 1, 201);
            }
        } finally {
            subscribers.forEach(TestClient::close);
        }
    }

    @Test
    void reconnectWithSinceRecoversExactlyTheMissedPublications() {
        String ch = channel("plain");
        try (TestClient publisher = TestClient.connect(base)) {
            JsonNode subscribed;
            long lastSeen;
            try (TestClient client = TestClient.connect(base)) {
                subscribed = client.subscribe(ch);
                publisher.publish(ch, "1");
                publisher.publish(ch, "2");
                lastSeen = client.publications(ch, 2).get(1).path("offset").asLong();
            }
            for (int i = 3; i <= 7; i++) {
                publisher.publish(ch, String.valueOf(i));
            }
            try (TestClient client = TestClient.connect(base)) {
                JsonNode reply = client.request("subscribe", "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\""
                        + subscribed.path("epoch").asText() + "\",\"offset\":" + lastSeen + "}");
                assertEquals("subscribed", reply.path("type").asText(), reply.toString());
                assertTrue(reply.path("recovered").asBoolean(), reply.toString());
                assertEquals(7, reply.path("offset").asLong());
                List<JsonNode> recovered = new ArrayList<>();
                reply.path("publications").forEach(recovered::add);
                assertOffsets(recovered, 3, 7);
                assertEquals(3, recovered.get(0).path("data").asInt());
                // and it is live again: the next publication arrives as a push, once
                publisher.publish(ch, "8");
                assertOffsets(client.publications(ch, 1), 8, 8);
                client.assertNoFrame(f -> "publication".equals(f.path("type").asText()), java.time.Duration.ofMillis(200));
            }
        }
    }

    @Test
    void recoveryFromTrimmedHistoryIsNotRecovered() {
        String ch = channel("short"); // keeps 3 publications
        try (TestClient publisher = TestClient.connect(base)) {
            String epoch = publisher.subscribe(ch).path("epoch").asText();
            publisher.publish(ch, "1");
            for (int i = 2; i <= 8; i++) {
                publisher.publish(ch, String.valueOf(i));
            }
            try (TestClient client = TestClient.connect(base)) {
                JsonNode reply = client.request("subscribe",
                        "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":1}");
                assertFalse(reply.path("recovered").asBoolean(), reply.toString());
                assertEquals(0, reply.path("publications").size());
                assertEquals(8, reply.path("offset").asLong());
                assertEquals(epoch, reply.path("epoch").asText());
            }
            try (TestClient client = TestClient.connect(base)) {
                JsonNode reply = client.request("subscribe",
                        "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":5}");
                assertTrue(reply.path("recovered").asBoolean(), "offsets 6..8 are still held: " + reply);
                assertEquals(3, reply.path("publications").size());
            }
        }
    }

    @Test
    void recoveryWithAnotherEpochIsNotRecovered() {
        String ch = channel("plain");
        try (TestClient client = TestClient.connect(base)) {
            client.publish(ch, "1");
            JsonNode reply = client.request("subscribe",
                    "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\"gone\",\"offset\":0}");
            assertFalse(reply.path("recovered").asBoolean());
            assertEquals(0, reply.path("publications").size());
            assertEquals(1, reply.path("offset").asLong());
        }
    }

    @Test
    void recoveryAtTheTopIsRecoveredWithNothingMissed() {
        String ch = channel("nohistory");
        try (TestClient client = TestClient.connect(base)) {
            String epoch = client.subscribe(ch).path("epoch").asText();
            client.publish(ch, "1");
            client.publications(ch, 1);
            client.request("unsubscribe", "\"channel\":\"" + ch + "\"");
            JsonNode reply = client.request("subscribe",
                    "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":1}");
            assertTrue(reply.path("recovered").asBoolean(), reply.toString());
            assertEquals(0, reply.path("publications").size());
        }
    }

    @Test
    void subscribeRacingABurstSeesEachPublicationExactlyOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            // "burst" keeps 5,000 publications: since offset 0 stays recoverable however far the burst has got.
            String ch = channel("burst");
            int burst = 2000;
            try (TestClient publisher = TestClient.connect(base); TestClient client = TestClient.connect(base)) {
                String epoch = publisher.subscribe(ch).path("epoch").asText();
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                    for (int i = 1; i <= burst; i++) {
                        publisher.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":" + i + "}");
                    }
                });
                Thread.sleep(round * 3L); // land the subscribe at different points of the burst
                JsonNode reply = client.request("subscribe",
                        "\"channel\":\"" + ch + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":0}");
                publishing.join();
                assertTrue(reply.path("recovered").asBoolean(), reply.toString());
                Set<Long> seen = new HashSet<>();
                List<Long> order = new ArrayList<>();
                reply.path("publications").forEach(p -> {
                    order.add(p.path("offset").asLong());
                    assertTrue(seen.add(p.path("offset").asLong()), "twice: " + p);
                });
                long inReply = order.size();
                int pushes = (int) (burst - inReply);
                for (JsonNode p : client.publications(ch, pushes)) {
                    order.add(p.path("offset").asLong());
                    assertTrue(seen.add(p.path("offset").asLong()), "twice: " + p);
                }
                client.assertNoFrame(f -> "publication".equals(f.path("type").asText()), java.time.Duration.ofMillis(100));
                assertEquals(burst, seen.size(), "every publication exactly once");
                for (int i = 0; i < order.size(); i++) {
                    assertEquals(i + 1, order.get(i), "in offset order");
                }
            }
        }
    }

    @Test
    void presenceAndJoinLeaveFollowClientsComingAndGoing() {
        String ch = channel("room"); // join-leave on
        try (TestClient alice = TestClient.connect(base)) {
            alice.subscribe(ch);
            // a subscriber sees its own join too
            String aliceId = alice.awaitType("join").path("info").path("client").asText();
            assertEquals(aliceId, alice.request("presence", "\"channel\":\"" + ch + "\"").path("clients").get(0)
                    .path("client").asText());
            String bobId;
            try (TestClient bob = TestClient.connect(base)) {
                JsonNode subscribed = bob.subscribe(ch);
                assertEquals("subscribed", subscribed.path("type").asText());
                JsonNode join = alice.await(f -> "join".equals(f.path("type").asText())
                        && !aliceId.equals(f.path("info").path("client").asText()), "bob's join");
                assertEquals(ch, join.path("channel").asText());
                bobId = join.path("info").path("client").asText();
                assertTrue(join.path("info").has("user"));
                JsonNode presence = alice.request("presence", "\"channel\":\"" + ch + "\"");
                Set<String> ids = new HashSet<>();
                presence.path("clients").forEach(c -> ids.add(c.path("client").asText()));
                assertEquals(Set.of(aliceId, bobId), ids);
            }
            JsonNode leave = alice.awaitType("leave");
            assertEquals(bobId, leave.path("info").path("client").asText());
            JsonNode presence = alice.request("presence", "\"channel\":\"" + ch + "\"");
            assertEquals(1, presence.path("clients").size());
            assertEquals(aliceId, presence.path("clients").get(0).path("client").asText());
            // an explicit unsubscribe is a leave too
            try (TestClient carol = TestClient.connect(base)) {
                carol.subscribe(ch);
                JsonNode carolJoin = alice.awaitType("join");
                String carolId = carolJoin.path("info").path("client").asText();
                carol.request("unsubscribe", "\"channel\":\"" + ch + "\"");
                assertEquals(carolId, alice.awaitType("leave").path("info").path("client").asText());
            }
        }
    }

    @Test
    void joinLeaveIsOffByDefault() {
        String ch = channel("plain");
        try (TestClient alice = TestClient.connect(base); TestClient bob = TestClient.connect(base)) {
            alice.subscribe(ch);
            bob.subscribe(ch);
            alice.assertNoFrame(f -> "join".equals(f.path("type").asText()), java.time.Duration.ofMillis(300));
        }
    }
}
