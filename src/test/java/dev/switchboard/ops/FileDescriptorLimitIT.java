package dev.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.PackagedApp;
import dev.switchboard.testing.RawWebSocket;

/**
 * Issue 13, defect 6: the packaged application in a process with an open-file limit of 300 derives its
 * max-connections from it (300 minus the reserve, at most half: 150). Upgrades beyond get 503, readiness says
 * the node is full, and liveness and the API keep answering; when clients leave, the node is ready again.
 */
class FileDescriptorLimitIT {

    private static final int OPEN_FILE_LIMIT = 300;
    private static final String KEY = "fd-limit-key";

    @Test
    void atTheDerivedCapTheProbesAndTheApiStillAnswer() throws Exception {
        List<RawWebSocket> clients = new ArrayList<>();
        try (PackagedApp app = PackagedApp.start(Map.of("switchboard.api.keys", KEY), OPEN_FILE_LIMIT)) {
            URI base = app.base();
            int refusedAt = -1;
            for (int i = 0; i < OPEN_FILE_LIMIT; i++) {
                try {
                    RawWebSocket client = RawWebSocket.open(base, "/ws");
                    clients.add(client);
                    // The cap counts open connections: wait until this one is open (its welcome) before the next
                    // upgrade, or an upgrade checked while the last one is still opening would pass the cap.
                    client.readFrame(java.time.Duration.ofSeconds(10));
                } catch (java.io.IOException refused) {
                    assertTrue(refused.getMessage().contains("503"), refused.getMessage());
                    refusedAt = i;
                    break;
                }
            }
            assertEquals(OPEN_FILE_LIMIT / 2, clients.size(), "connections accepted before 503 (refused at "
                    + refusedAt + "); log:\n" + tail(app));
            HttpResponse<String> ready = app.get("/q/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"full\": true") || ready.body().contains("\"full\":true"), ready.body());
            assertEquals(200, app.status("/q/health/live"));
            HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/api/v1/info")).header("X-API-Key", KEY).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
            assertTrue(!app.output().contains("Too many open files"), "the node ran out of descriptors:\n" + tail(app));

            for (RawWebSocket client : clients) {
                client.close();
            }
            clients.clear();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (app.status("/q/health/ready") != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(200, app.status("/q/health/ready"), "ready again once the clients left");
        } finally {
            for (RawWebSocket client : clients) {
                client.close();
            }
        }
    }

    private static String tail(PackagedApp app) throws java.io.IOException {
        String out = app.output();
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }
}
