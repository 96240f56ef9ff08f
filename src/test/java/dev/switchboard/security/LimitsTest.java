package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Limits over real sockets (SecurityTestProfile: 200 commands/s with a burst of 1000, 50 refusals before 4029,
 * 60 connections per node, 3 per user).
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class LimitsTest {

    @TestHTTPResource("/")
    URI base;

    private String query(String user) {
        return "/ws?token=" + TestTokens.forUser(user).hs256();
    }

    private TestClient connect(String user) {
        TestClient client = TestClient.open(base, "/ws",
                c -> c.addHeader("Authorization", "Bearer " + TestTokens.forUser(user).hs256()));
        client.awaitType("welcome");
        return client;
    }

    @Test
    void floodOfTenThousandCommandsIsRateLimitedThenClosedWith4029WhileOthersAreUnaffected() throws Exception {
        String channel = "calm:" + UUID.randomUUID();
        try (TestClient bystander = connect("bystander"); TestClient publisher = connect("publisher");
                RawWebSocket flooder = RawWebSocket.open(base, query("flooder"), Map.of())) {
            bystander.subscribe(channel);
            flooder.readFrame(Duration.ofSeconds(5)); // welcome
            AtomicInteger pongs = new AtomicInteger();
            AtomicInteger rateLimited = new AtomicInteger();
            AtomicInteger disconnectCode = new AtomicInteger();
            AtomicInteger closeCode = new AtomicInteger();
            Thread reader = new Thread(() -> {
                while (true) {
                    RawWebSocket.Frame frame = flooder.readFrameOrEnd(Duration.ofSeconds(20));
                    if (frame == null) {
                        return;
                    }
                    if (frame.opcode() == RawWebSocket.CLOSE) {
                        closeCode.set(frame.closeCode());
                        return;
                    }
                    String text = frame.text();
                    if (text.contains("\"pong\"")) {
                        pongs.incrementAndGet();
                    } else if (text.contains("\"rate_limited\"")) {
                        rateLimited.incrementAndGet();
                    } else if (text.contains("\"disconnect\"")) {
                        disconnectCode.set(text.contains("\"code\":4029") ? 4029 : -1);
                    }
                }
            });
            reader.start();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 1; i <= 10_000; i++) {
                        flooder.sendText("{\"type\":\"ping\",\"id\":" + i + "}");
                    }
                } catch (IOException closedByServer) {
                    // expected once the server has closed the abusive connection
                }
            });
            writer.start();
            for (int i = 1; i <= 50; i++) {
                publisher.publish(channel, Integer.toString(i));
            }
            List<Integer> received = bystander.publications(channel, 50).stream()
                    .map(p -> p.path("data").asInt()).toList();
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList(), received);
            writer.join(20_000);
            reader.join(20_000);
            assertTrue(pongs.get() >= 1000 && pongs.get() < 10_000, "pongs: " + pongs.get());
            assertTrue(rateLimited.get() >= 1, "no rate_limited errors");
            assertEquals(4029, disconnectCode.get(), "disconnect frame");
            assertEquals(4029, closeCode.get(), "close code");
            assertEquals("pong", bystander.request("ping", null).path("type").asText());
        }
    }

    @Test
    void connectionsPerUserAreLimited() throws Exception {
        List<TestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connect("dave"));
            }
            assertEquals(429, RawWebSocket.upgradeStatus(base, query("dave"), Map.of()));
            assertEquals(101, RawWebSocket.upgradeStatus(base, query("erin"), Map.of()));
        } finally {
            open.forEach(TestClient::close);
        }
        awaitUpgrade(query("dave"));
    }

    @Test
    void connectionsPerNodeAreLimited() throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        int refusedAt = -1;
        try {
            for (int i = 0; i < 70 && refusedAt < 0; i++) {
                try {
                    open.add(RawWebSocket.open(base, query("crowd" + i), Map.of()));
                } catch (IOException refused) {
                    assertTrue(refused.getMessage().contains(" 503 "), refused.getMessage());
                    refusedAt = i;
                }
            }
            assertTrue(refusedAt > 0 && refusedAt <= 60, "refused at " + refusedAt);
        } finally {
            for (RawWebSocket ws : open) {
                ws.close();
            }
        }
        awaitUpgrade(query("after-crowd"));
    }

    private void awaitUpgrade(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = RawWebSocket.upgradeStatus(base, path, Map.of());
            if (status != 101) {
                Thread.sleep(100);
            }
        } while (status != 101 && System.nanoTime() < deadline);
        assertEquals(101, status, "closed connections must free their places");
    }
}
