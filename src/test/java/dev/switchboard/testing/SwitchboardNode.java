package dev.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Switchboard node running as its own process from the packaged application: the native executable when the
 * native profile built one ({@code native.image.path}), else {@code java -jar target/quarkus-app/quarkus-run.jar}
 * with the JVM running the tests. Its output goes to a log file under target/.
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
        List<String> command = new ArrayList<>();
        String nativeImage = System.getProperty("native.image.path");
        boolean isNative = nativeImage != null && Files.isExecutable(Path.of(nativeImage));
        if (!isNative) {
            Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run ./mvnw verify (the IT needs the package)");
            }
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx256m");
            command.add("-XX:TieredStopAtLevel=1");
        } else {
            command.add(nativeImage);
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dswitchboard.node.name=" + name);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!isNative) {
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        }
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
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
}
