package dev.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.PackagedApp;

/**
 * The packaged application with JSON logging switched on: every log line is a JSON object, each connection gets
 * one line when it opens and one when it closes (client id, user, remote address, close code), and a token sent
 * on the upgrade URL or in a command appears nowhere in the output.
 */
class ConnectionLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWxvb2tpbmctdmFsdWU.s3cr3tS1gnature";

    @Test
    void jsonLinesForOpenAndCloseAndNeverAToken() throws Exception {
        try (PackagedApp app = PackagedApp.start(Map.of(
                "quarkus.log.console.json.enabled", "true",
                "switchboard.drain.period", "0s",
                "switchboard.demo.ticker.enabled", "false"))) {
            String clientId;
            try (JdkWebSocket client = JdkWebSocket.open(app.base(), "/ws?token=" + SECRET)) {
                clientId = client.awaitType("welcome").path("client").asText();
                client.request("subscribe", "\"channel\":\"logs:a\",\"token\":\"" + SECRET + "\"");
            } // closes with 1000
            JsonNode closed = awaitLine(app, "connection closed client=" + clientId);
            JsonNode opened = awaitLine(app, "connection opened client=" + clientId);

            assertEquals("dev.switchboard.connections", opened.path("loggerName").asText());
            assertEquals("INFO", opened.path("level").asText());
            assertEquals("connection opened client=" + clientId + " user=- remote=127.0.0.1",
                    opened.path("message").asText().replaceAll(":\\d+$", ""));
            assertTrue(closed.path("message").asText().endsWith(" code=1000"), closed.toString());
            assertTrue(closed.path("message").asText().contains(" remote=127.0.0.1"), closed.toString());

            String output = app.output();
            assertFalse(output.contains(SECRET), "the token reached the log:\n" + output);
            assertFalse(output.contains("s3cr3tS1gnature"), "part of the token reached the log:\n" + output);
            for (String line : output.split("\n")) {
                if (!line.isBlank()) {
                    assertTrue(JSON.readTree(line).isObject(), "not a JSON log line: " + line);
                }
            }
        }
    }

    /** Waits until a JSON log line whose message starts with {@code prefix} appears, and returns it. */
    private static JsonNode awaitLine(PackagedApp app, String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = app.output().lines().filter(l -> l.contains(prefix)).toList();
            if (!lines.isEmpty()) {
                return JSON.readTree(lines.get(0));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line '" + prefix + "...' in:\n" + app.output());
    }
}
