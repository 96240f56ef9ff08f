package dev.switchboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs one Playwright script of src/test/browser with node against the server under test and checks that it
 * passed. The script drives Debian's chromium headless; it prints "PASS name" last and exits 0 when its checks
 * held. Without node, chromium or the installed npm packages the test is skipped with a message saying what is
 * missing, except under CI (CI=true), where a missing tool fails the build.
 */
public final class BrowserScript {

    static final Path SCRIPTS = Path.of("src", "test", "browser").toAbsolutePath();
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    private BrowserScript() {
    }

    /** Skips (or, under CI, fails) unless node, chromium and playwright-core are all there. */
    static void requireTools() {
        List<String> missing = new ArrayList<>();
        List<String> aptPackages = new ArrayList<>();
        if (!onPath("node") || !onPath("npm")) {
            missing.add("node and npm");
            aptPackages.add("nodejs npm");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM.toString());
            aptPackages.add("chromium");
        }
        boolean playwright = Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"));
        if (!playwright) {
            missing.add("playwright-core in src/test/browser/node_modules");
        }
        if (missing.isEmpty()) {
            return;
        }
        String install = aptPackages.isEmpty() ? "" : "apt-get install " + String.join(" ", aptPackages) + ", then ";
        String message = "browser tests need " + String.join(", ", missing) + "; install: " + install
                + (playwright ? "run ./mvnw verify again"
                        : "./mvnw verify installs playwright-core itself (or: cd src/test/browser && npm ci)");
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " -- under CI this is a failure, not a skip");
        }
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message + " -- skipped");
    }

    /**
     * Runs {@code node <script> <baseUrl> <screenshot dir> <args...>} and asserts exit code 0 and the PASS line.
     * The script's output goes to the test log so a failure can be read there.
     */
    public static void run(String script, URL baseUrl, Duration timeout, String... args) {
        requireTools();
        runNode(script, baseUrl, timeout, args);
    }

    /**
     * Runs a script of src/test/browser (a path relative to it) as {@link #run} does, for callers that checked
     * their own tools first (the Pusher scripts need the peers' packages, and Chromium only for some). The PASS
     * line carries the script's file name without {@code .mjs}.
     */
    public static void runNode(String script, URL baseUrl, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script, baseUrl.toString(), SCREENSHOTS.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true);
        try {
            Files.createDirectories(SCREENSHOTS);
            Process process = pb.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(script + " did not finish within " + timeout + ":\n" + output.getNow("(no output)"));
            }
            String text = output.get(10, TimeUnit.SECONDS);
            System.out.println("---- " + script + " ----\n" + text);
            String name = Path.of(script).getFileName().toString().replaceFirst("\\.mjs$", "");
            assertEquals(0, process.exitValue(), script + " failed:\n" + text);
            assertTrue(text.lines().anyMatch(l -> l.startsWith("PASS " + name)), script + " printed no PASS line:\n" + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("running " + script + " failed", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
