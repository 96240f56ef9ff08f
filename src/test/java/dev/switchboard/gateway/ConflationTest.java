package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Conflation instead of disconnect ({@code slow-consumer: conflate}, namespace {@code cursor}): a subscriber whose
 * socket stops reading while 10,000 ticker updates on 5 channels arrive gets, when it reads again, the newest
 * update of each channel, with skip counts that add up to what it did not get, and is not disconnected; a normal
 * subscriber of the same channels gets all 10,000 in order. The same reader in a {@code disconnect} namespace is
 * cut with 4008, as before. The reader is a raw socket with a small receive buffer that is simply not read.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ConflationTest {

    private static final int CHANNELS = 5;
    private static final int UPDATES = 10_000;
    private static final int BATCH = 100;
    /** ~1.2 KB per update, 12 MB in all: far more than the 1 MiB bound and the sockets' buffers. */
    private static final String PADDING = "x".repeat(1200);

    @TestHTTPResource("/")
    URI base;

    @Test
    void aPausedReaderOfAConflatingNamespaceGetsTheLatestOfEachChannel() throws IOException {
        List<String> channels = channels("cursor");
        List<TestClient> publishers = TestClient.connectMany(base, CHANNELS);
        try (RawWebSocket paused = pausedSubscriber(channels); TestClient normal = TestClient.connect(base)) {
            subscribeAll(normal, channels);
            flood(publishers, normal, channels);

            Map<String, Long> last = new HashMap<>();
            Map<String, Long> received = new HashMap<>();
            Map<String, Long> skipped = new HashMap<>();
            while (!channels.stream().allMatch(c -> last.getOrDefault(c, 0L) == UPDATES / CHANNELS)) {
                RawWebSocket.Frame frame = paused.readFrame(Duration.ofSeconds(30));
                assertTrue(frame.opcode() == RawWebSocket.TEXT, "not closed: frame " + frame.opcode());
                JsonNode json = TestClient.parse(frame.text());
                assertTrue(!"disconnect".equals(json.path("type").asText()), "not disconnected: " + json);
                if (!"publication".equals(json.path("type").asText())) {
                    continue;
                }
                String channel = json.path("channel").asText();
                long offset = json.path("offset").asLong();
                assertTrue(offset > last.getOrDefault(channel, 0L), "offsets of a channel only grow");
                assertEquals(offset, json.path("data").path("seq").asLong(), "offsets stay true");
                last.put(channel, offset);
                received.merge(channel, 1L, Long::sum);
                skipped.merge(channel, json.path("skipped").asLong(0), Long::sum);
            }
            long allSkipped = 0;
            for (String channel : channels) {
                assertEquals(UPDATES / CHANNELS, received.get(channel) + skipped.get(channel),
                        channel + ": received " + received.get(channel) + " + skipped " + skipped.get(channel));
                allSkipped += skipped.get(channel);
            }
            assertTrue(allSkipped > 0, "the paused reader's publications were conflated");
            paused.sendFrame(RawWebSocket.TEXT, "{\"type\":\"ping\",\"id\":99}".getBytes(), true);
            JsonNode pong;
            do {
                pong = TestClient.parse(paused.readFrame(Duration.ofSeconds(30)).text());
            } while (!"pong".equals(pong.path("type").asText()));
            assertEquals(99, pong.path("id").asInt(), "still connected and answering");
        } finally {
            publishers.forEach(TestClient::close);
        }
    }

    @Test
    void theSameReaderInADisconnectNamespaceIsCutWith4008() throws IOException {
        List<String> channels = channels("flood");
        List<TestClient> publishers = TestClient.connectMany(base, CHANNELS);
        try (RawWebSocket paused = pausedSubscriber(channels); TestClient normal = TestClient.connect(base)) {
            subscribeAll(normal, channels);
            flood(publishers, normal, channels);
            int code = -1;
            while (true) {
                RawWebSocket.Frame frame = paused.readFrameOrEnd(Duration.ofSeconds(30));
                if (frame == null) {
                    break;
                }
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    code = frame.closeCode();
                    break;
                }
                if (frame.text().startsWith("{\"type\":\"disconnect\"")) {
                    code = TestClient.parse(frame.text()).path("code").asInt();
                }
            }
            assertEquals(4008, code, "cut as a slow consumer");
        } finally {
            publishers.forEach(TestClient::close);
        }
    }

    private List<String> channels(String namespace) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            channels.add(namespace + ":sym" + i + "-" + run);
        }
        return channels;
    }

    /** Subscribes a raw socket with a 4 KiB receive buffer to every channel, then reads nothing more. */
    private RawWebSocket pausedSubscriber(List<String> channels) throws IOException {
        RawWebSocket ws = RawWebSocket.openWithReceiveBuffer(base, "/ws", 4096);
        assertNotNull(ws.readFrame(Duration.ofSeconds(10))); // welcome
        for (int i = 0; i < channels.size(); i++) {
            ws.sendFrame(RawWebSocket.TEXT, ("{\"type\":\"subscribe\",\"id\":" + (i + 1) + ",\"channel\":\""
                    + channels.get(i) + "\"}").getBytes(), true);
            assertTrue(ws.readFrame(Duration.ofSeconds(10)).text().contains("\"subscribed\""));
        }
        return ws;
    }

    private static void subscribeAll(TestClient client, List<String> channels) {
        for (String channel : channels) {
            client.subscribe(channel);
        }
    }

    /**
     * Publishes the updates round-robin over the channels, paced by the normal subscriber (one batch in flight), and
     * checks that it gets every one, in order. One publisher per channel: 2,000 each stays within a connection's
     * command burst, so no publication is rate limited.
     */
    private static void flood(List<TestClient> publishers, TestClient normal, List<String> channels) {
        long[] next = new long[CHANNELS];
        for (int first = 0; first < UPDATES; first += BATCH) {
            for (int n = first; n < first + BATCH; n++) {
                int c = n % CHANNELS;
                publishers.get(c).send("{\"type\":\"publish\",\"channel\":\"" + channels.get(c) + "\",\"data\":{\"seq\":"
                        + (n / CHANNELS + 1) + ",\"px\":" + (100 + n % 37) + ",\"pad\":\"" + PADDING + "\"}}");
            }
            for (int n = first; n < first + BATCH; n++) {
                int c = n % CHANNELS;
                JsonNode p = normal.publications(channels.get(c), 1).get(0);
                assertEquals(++next[c], p.path("offset").asLong(), "the normal subscriber gets every update in order");
                assertTrue(!p.has("skipped"), "and none conflated");
            }
        }
    }
}
