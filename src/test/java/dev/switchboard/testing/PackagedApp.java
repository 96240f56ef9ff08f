package dev.switchboard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged application ({@link PackagedArtifact}: the native executable under {@code -Dnative}, else
 * target/quarkus-app/quarkus-run.jar) in a process of its own, on a free port, for
 * tests that need what {@code @QuarkusIntegrationTest} does not give: sending it SIGTERM and watching it stop,
 * or reading everything it logs. Its stdout and stderr go to a file the test can read.
 */
public final class PackagedApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path output;

    private PackagedApp(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /**
     * Starts the packaged application ({@link PackagedArtifact#current()}: the native executable under
     * {@code -Dnative}, else the jar) with these {@code -D} settings and waits until /q/health/ready answers 200.
     */
    public static PackagedApp start(Map<String, String> settings) throws IOException, InterruptedException {
        return start(settings, 0);
    }

    /**
     * Starts the packaged application in a process whose open-file limit is {@code openFileLimit} (through
     * {@code bash -c 'ulimit -n N; exec ...'}; 0 keeps this process's limit) and waits until /q/health/ready
     * answers 200.
     */
    public static PackagedApp start(Map<String, String> settings, int openFileLimit)
            throws IOException, InterruptedException {
        PackagedArtifact artifact = PackagedArtifact.current();
        int port = freePort();
        Path output = Files.createTempFile("switchboard-it-", ".log");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.http.port", Integer.toString(port));
        all.put("quarkus.http.host", "127.0.0.1");
        all.putAll(settings);
        List<String> command = new ArrayList<>(artifact.command(List.of(), all));
        if (openFileLimit > 0) {
            command.addAll(0, List.of("bash", "-c", "ulimit -n " + openFileLimit + " && exec \"$@\"", "switchboard"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        System.out.println("[" + callerName() + "] started the " + artifact.describe() + " on port " + port
                + " (pid " + process.pid() + ")");
        PackagedApp app = new PackagedApp(process, port, output);
        app.awaitReady(Duration.ofSeconds(60));
        return app;
    }

    /** The test class that called {@link #start}, to say in the output which test started what. */
    private static String callerName() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != PackagedApp.class).findFirst())
                .map(Class::getSimpleName).orElse("PackagedApp");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("application exited with " + process.exitValue() + ":\n" + output());
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("application not ready within " + timeout + ":\n" + output());
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public Process process() {
        return process;
    }

    /** The HTTP status of a GET, or -1 when the server did not answer. */
    public int status(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? -1 : response.statusCode();
    }

    /** A GET on the application, or null when it did not answer. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Everything the process wrote to stdout and stderr so far. */
    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(output);
    }
}
