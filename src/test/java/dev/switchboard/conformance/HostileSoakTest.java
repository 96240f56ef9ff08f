package dev.switchboard.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.RawWebSocket;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 13's soak, run by hand (not part of ./mvnw verify): {@code -Dsoak.seconds=60}. Twenty clients send random
 * frames (any opcode, RSV bits, masking, lengths, bytes; reconnecting whenever they are closed) while a normal
 * client publishes and another one, subscribed, must receive every publication in order. The log must have no
 * ERROR and no stack trace. The numbers are printed for the report; nothing about time is asserted.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@EnabledIfSystemProperty(named = "soak.seconds", matches = "\\d+")
class HostileSoakTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theNormalClientLosesNothingAndTheLogStaysClean() throws Exception {
        long seconds = Long.getLong("soak.seconds");
        List<String> offending = Collections.synchronizedList(new ArrayList<>());
        Handler collector = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue() || r.getThrown() != null) {
                    offending.add(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(collector);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong hostileFrames = new AtomicLong();
        AtomicLong hostileConnections = new AtomicLong();
        List<Thread> fuzzers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long seed = i;
            Thread t = new Thread(() -> fuzz(new Random(seed), running, hostileFrames, hostileConnections));
            t.setDaemon(true);
            t.start();
            fuzzers.add(t);
        }
        String channel = "soak:" + System.nanoTime();
        long published = 0;
        try (TestClient subscriber = TestClient.connect(base); TestClient publisher = TestClient.connect(base)) {
            subscriber.subscribe(channel);
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < deadline) {
                publisher.publish(channel, "{\"n\":" + published + "}");
                published++;
                if (published % 50 == 0) {
                    Thread.sleep(10);
                }
            }
            List<com.fasterxml.jackson.databind.JsonNode> received = subscriber.publications(channel, (int) published);
            for (int n = 0; n < published; n++) {
                assertEquals(n, received.get(n).path("data").path("n").asLong(), "publication " + n);
            }
        } finally {
            running.set(false);
            for (Thread t : fuzzers) {
                t.join(5_000);
            }
            Thread.sleep(2_500);
            Logger.getLogger("").removeHandler(collector);
        }
        System.out.printf("SOAK %d s: %d publications received in order by the normal client; %d hostile frames on "
                + "%d hostile connections; %d ERROR/stack-trace log lines%n", seconds, published, hostileFrames.get(),
                hostileConnections.get(), offending.size());
        assertTrue(offending.isEmpty(), "log lines at ERROR or with a stack trace: " + offending);
    }

    private void fuzz(Random random, AtomicBoolean running, AtomicLong frames, AtomicLong connections) {
        Endpoint[] endpoints = Endpoint.values();
        while (running.get()) {
            try (RawWebSocket ws = endpoints[random.nextInt(2)].open(base)) {
                connections.incrementAndGet();
                for (int i = 0; i < 50 && running.get(); i++) {
                    int opcode = random.nextInt(10) < 7 ? 1 + random.nextInt(2) : random.nextInt(16);
                    byte[] payload = new byte[random.nextInt(10) == 0 ? random.nextInt(70_000) : random.nextInt(200)];
                    if (random.nextBoolean()) {
                        random.nextBytes(payload);
                    } else {
                        byte[] json = ("{\"type\":\"publish\",\"channel\":\"x" + random.nextInt(5)
                                + "\",\"data\":\"\\ud800\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        payload = json;
                    }
                    int rsv = random.nextInt(10) == 0 ? random.nextInt(8) : 0;
                    boolean masked = random.nextInt(20) != 0;
                    boolean fin = random.nextInt(5) != 0;
                    ws.sendFrame(opcode, payload, fin, rsv, masked);
                    frames.incrementAndGet();
                    if (ws.readFrameOrEnd(Duration.ofMillis(20)) == null) {
                        break;
                    }
                }
            } catch (Exception | AssertionError closedUnderUs) {
                // the server closed the connection: open another one
            }
        }
    }
}
