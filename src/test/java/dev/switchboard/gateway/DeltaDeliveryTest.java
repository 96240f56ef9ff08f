package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

/**
 * Fossil delta delivery (namespace {@code tick}, {@code delta=true}): 1,000 publications of a 2 KB game state with
 * small changes reach a delta subscriber as deltas it turns back into exactly what a plain subscriber of the same
 * channel gets, across a reconnect with recovery and one with {@code recovered: false}; namespaces without deltas
 * and clients that did not ask get whole publications as before.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DeltaDeliveryTest {

    private static final int PUBLICATIONS = 1000;
    private static final int BATCH = 50;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aDeltaSubscriberReconstructsEveryPublicationOfAPlainOne() {
        String channel = "tick:game-" + UUID.randomUUID();
        try (TestClient plain = TestClient.connect(base); TestClient delta = TestClient.connect(base);
                TestClient publisher = TestClient.connect(base)) {
            plain.subscribe(channel);
            JsonNode reply = subscribeWithDelta(delta, channel, null);
            assertTrue(reply.path("delta").asBoolean(), "the reply says deltas are on: " + reply);
            DeltaClient decoder = new DeltaClient();
            GameState game = new GameState(new Random(19));
            long plainBytes = 0;
            for (int first = 1; first <= PUBLICATIONS; first += BATCH) {
                for (int n = first; n < first + BATCH; n++) {
                    publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":" + game.next() + "}");
                }
                List<JsonNode> expected = plain.publications(channel, BATCH);
                List<JsonNode> got = delta.publications(channel, BATCH);
                for (int k = 0; k < BATCH; k++) {
                    assertEquals(expected.get(k).path("offset").asLong(), got.get(k).path("offset").asLong());
                    assertEquals(expected.get(k).path("data"), decoder.data(got.get(k)), "publication " + (first + k));
                    assertFalse(expected.get(k).has("delta"), "a plain subscriber gets no deltas");
                    plainBytes += expected.get(k).toString().length();
                }
            }
            assertEquals(1, decoder.wholes, "only the first publication goes whole");
            assertEquals(PUBLICATIONS - 1, decoder.deltas);
            assertTrue(decoder.frameBytes * 5 < plainBytes,
                    "deltas are much smaller: " + decoder.frameBytes + " vs " + plainBytes + " bytes");
        }
    }

    @Test
    void aReconnectRecoversWholeAndThenDeltasAgain() {
        String channel = "tick:game-" + UUID.randomUUID();
        GameState game = new GameState(new Random(7));
        DeltaClient decoder = new DeltaClient();
        try (TestClient plain = TestClient.connect(base); TestClient publisher = TestClient.connect(base)) {
            plain.subscribe(channel);
            String epoch;
            long seen;
            try (TestClient first = TestClient.connect(base)) {
                epoch = subscribeWithDelta(first, channel, null).path("epoch").asText();
                publishAll(publisher, channel, game, 20);
                List<JsonNode> expected = plain.publications(channel, 20);
                List<JsonNode> got = first.publications(channel, 20);
                for (int k = 0; k < 20; k++) {
                    assertEquals(expected.get(k).path("data"), decoder.data(got.get(k)));
                }
                seen = got.get(19).path("offset").asLong();
            }
            publishAll(publisher, channel, game, 10); // missed while away
            List<JsonNode> missed = plain.publications(channel, 10);
            try (TestClient again = TestClient.connect(base)) {
                JsonNode reply = subscribeWithDelta(again, channel,
                        "{\"epoch\":\"" + epoch + "\",\"offset\":" + seen + "}");
                assertTrue(reply.path("recovered").asBoolean(), reply.toString());
                assertTrue(reply.path("delta").asBoolean());
                JsonNode recovered = reply.path("publications");
                assertEquals(10, recovered.size());
                for (int k = 0; k < 10; k++) { // the reply's catch-up is plain data, as for everyone
                    assertEquals(missed.get(k).path("data"), recovered.get(k).path("data"));
                }
                decoder.resubscribed();
                publishAll(publisher, channel, game, 30);
                List<JsonNode> expected = plain.publications(channel, 30);
                List<JsonNode> got = again.publications(channel, 30);
                for (int k = 0; k < 30; k++) {
                    assertEquals(expected.get(k).path("data"), decoder.data(got.get(k)));
                }
                assertFalse(got.get(0).has("delta"), "the first publication after the recovery goes whole");
                assertTrue(got.get(1).path("delta").asBoolean(), "then deltas again");
            }
        }
    }

    @Test
    void recoveredFalseStartsOverWithAWholePublication() {
        String channel = "tick:game-" + UUID.randomUUID();
        GameState game = new GameState(new Random(8));
        try (TestClient plain = TestClient.connect(base); TestClient publisher = TestClient.connect(base);
                TestClient client = TestClient.connect(base)) {
            plain.subscribe(channel);
            publishAll(publisher, channel, game, 5);
            plain.publications(channel, 5);
            JsonNode reply = subscribeWithDelta(client, channel, "{\"epoch\":\"not-this-one\",\"offset\":3}");
            assertFalse(reply.path("recovered").asBoolean(), reply.toString());
            assertEquals(0, reply.path("publications").size());
            DeltaClient decoder = new DeltaClient();
            publishAll(publisher, channel, game, 5);
            List<JsonNode> expected = plain.publications(channel, 5);
            List<JsonNode> got = client.publications(channel, 5);
            for (int k = 0; k < 5; k++) {
                assertEquals(expected.get(k).path("data"), decoder.data(got.get(k)));
            }
            assertFalse(got.get(0).has("delta"));
            assertEquals(1, decoder.wholes);
        }
    }

    @Test
    void withoutDeltasInTheNamespaceTheClientGetsPlainPublications() {
        String channel = "chat:nodelta-" + UUID.randomUUID();
        try (TestClient client = TestClient.connect(base); TestClient publisher = TestClient.connect(base)) {
            JsonNode reply = subscribeWithDelta(client, channel, null);
            assertFalse(reply.has("delta"), "no delta: true where the namespace has none: " + reply);
            publisher.publish(channel, "{\"px\":1}");
            publisher.publish(channel, "{\"px\":2}");
            List<JsonNode> got = client.publications(channel, 2);
            assertEquals(2, got.get(1).path("data").path("px").asInt());
            assertFalse(got.get(1).has("delta"));
        }
    }

    @Test
    void aCborDeltaSubscriberGetsTheSameDeltas() throws Exception {
        String channel = "tick:cbor-" + UUID.randomUUID();
        ObjectMapper cbor = new CBORMapper();
        GameState game = new GameState(new Random(21));
        try (TestClient plain = TestClient.connect(base); TestClient publisher = TestClient.connect(base);
                TestClient binary = TestClient.open(base, "/ws", c -> c.addSubprotocol("switchboard.v1.cbor"))) {
            binary.awaitBinary(); // welcome
            plain.subscribe(channel);
            binary.sendBinary(cbor.writeValueAsBytes(Map.of("type", "subscribe", "id", 1, "channel", channel,
                    "delta", "fossil")));
            JsonNode reply = cbor.readTree(binary.awaitBinary());
            assertTrue(reply.path("delta").asBoolean(), reply.toString());
            publishAll(publisher, channel, game, 20);
            List<JsonNode> expected = plain.publications(channel, 20);
            DeltaClient decoder = new DeltaClient();
            for (int k = 0; k < 20; k++) {
                JsonNode frame = cbor.readTree(binary.awaitBinary());
                assertEquals(expected.get(k).path("data"), decoder.data(frame), "publication " + k);
            }
            assertEquals(19, decoder.deltas);
        }
    }

    @Test
    void anUnknownDeltaFormatIsABadRequest() {
        try (TestClient client = TestClient.connect(base)) {
            JsonNode reply = client.request("subscribe", "\"channel\":\"tick:x\",\"delta\":\"xdelta\"");
            assertEquals("error", reply.path("type").asText());
            assertEquals("bad_request", reply.path("code").asText());
        }
    }

    private static JsonNode subscribeWithDelta(TestClient client, String channel, String sinceJson) {
        String since = sinceJson == null ? "" : ",\"since\":" + sinceJson;
        return TestClient.expectType(client.request("subscribe",
                "\"channel\":\"" + channel + "\",\"delta\":\"fossil\"" + since), "subscribed");
    }

    private static void publishAll(TestClient publisher, String channel, GameState game, int count) {
        for (int i = 0; i < count; i++) {
            publisher.publish(channel, game.next());
        }
    }

    /** A ~2 KB game state of 24 players; each update moves two of them and advances the tick. */
    static final class GameState {
        private final Random random;
        private final int[][] players = new int[24][3];
        private int tick;

        GameState(Random random) {
            this.random = random;
            for (int[] p : players) {
                p[0] = random.nextInt(10_000);
                p[1] = random.nextInt(10_000);
                p[2] = 100;
            }
        }

        String next() {
            tick++;
            for (int k = 0; k < 2; k++) {
                int[] p = players[random.nextInt(players.length)];
                p[0] += random.nextInt(21) - 10;
                p[1] += random.nextInt(21) - 10;
                p[2] = Math.max(0, p[2] - random.nextInt(3));
            }
            StringBuilder json = new StringBuilder("{\"tick\":").append(tick).append(",\"map\":\"docks\",\"players\":[");
            for (int i = 0; i < players.length; i++) {
                json.append(i == 0 ? "" : ",").append("{\"id\":\"player-").append(i).append("\",\"name\":\"Player ")
                        .append(i).append(" \u00e9\",\"x\":").append(players[i][0]).append(",\"y\":")
                        .append(players[i][1]).append(",\"hp\":").append(players[i][2]).append(",\"team\":\"")
                        .append(i % 2 == 0 ? "red" : "blue").append("\",\"alive\":true}");
            }
            return json.append("]}").toString();
        }
    }
}
