package dev.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Switchboard node running as its own process from the packaged application ({@link PackagedArtifact}: the
 * native executable under {@code -Dnative}, which must exist, else {@code java -jar
 * target/quarkus-app/quarkus-run.jar} on the JVM running the tests). Its output goes to a log file under target/.
 */
public final class SwitchboardNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;

    public SwitchboardNode(String name, int port, Map<String, String> properties) {
        this.name = name;
        this.port = port;
        this.properties = properties;
        this.log = Path.of("target", "it-" + name + ".log");
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** Starts the process (does not wait; see {@link #awaitReady}). */
    public void start() throws IOException {
        PackagedArtifact artifact = PackagedArtifact.current();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.port", Integer.toString(port));
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("switchboard.node.name", name);
        // No graceful drain when the test stops a node (close() sends SIGTERM): it would wait the 20 s default.
        settings.put("switchboard.drain.period", "0s");
        settings.putAll(properties);
        // Two JVM nodes next to the test JVM on a small machine: a small heap, and C1 only (short runs).
        List<String> command = artifact.command(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), settings);
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        System.out.println("[" + name + "] started the " + artifact.describe() + " on port " + port + " (pid "
                + process.pid() + ", log " + log.toAbsolutePath() + ")");
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readiness().status() != 200) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError(name + " did not become ready; see " + log.toAbsolutePath() + ": "
                        + tail());
            }
            sleep(100);
        }
    }

    public record Answer(int status, String body) {
    }

    /** {@code GET /q/health/ready}; status -1 when the node does not answer. */
    public Answer readiness() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /** {@code POST} a JSON body to this node with an API key; status -1 when the node does not answer. */
    public Answer postJson(String path, String apiKey, String json) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /** {@code GET} with an API key; status -1 when the node does not answer. */
    public Answer get(String path, String apiKey) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                    .header("X-API-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /** SIGKILL: the node dies without any cleanup, as in a crash. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
            if (process.isAlive()) {
                kill();
            }
        }
    }

    private void waitFor() {
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts two nodes with the same settings on free ports ("node-a", "node-b") and waits until both are ready. */
    public static SwitchboardNode[] startPair(Map<String, String> settings, Duration timeout) throws IOException {
        SwitchboardNode a = new SwitchboardNode("node-a", RedisServer.freePort(), settings);
        SwitchboardNode b = new SwitchboardNode("node-b", RedisServer.freePort(), settings);
        a.start();
        b.start();
        a.awaitReady(timeout);
        b.awaitReady(timeout);
        return new SwitchboardNode[] { a, b };
    }

    /** Closes each (nodes, the redis-server) on a best-effort basis: one failing close must not skip the rest. */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the test is over
            }
        }
    }
}
