package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.browser.BrowserScript;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one node script of src/test/browser/pusher (pusher-js and the pusher server SDK under Node, the peers' own
 * npm packages; pusher-js's web build in Chromium for chromium.mjs) against the server under test; it passes when the
 * script exits 0 and prints "PASS <name>" last. Without node or the npm packages the test is skipped with what to
 * install, except under CI (CI=true), where that is a failure.
 */
final class NodeScript {

    static final Path DIR = Path.of("src", "test", "browser").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    private NodeScript() {
    }

    /** Skips (under CI: fails) without node and the npm packages; {@code chromium}: also Chromium and playwright. */
    static void requireTools(boolean chromium) {
        List<String> missing = new ArrayList<>();
        if (chromium && !Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        if (chromium && !Files.isDirectory(DIR.resolve("node_modules").resolve("playwright-core"))) {
            missing.add("playwright-core in src/test/browser/node_modules");
        }
        if (!onPath("node")) {
            missing.add("node (apt-get install nodejs npm)");
        }
        for (String pkg : List.of("pusher-js", "pusher")) {
            if (!Files.isDirectory(DIR.resolve("node_modules").resolve(pkg))) {
                missing.add(pkg + " in src/test/browser/node_modules (./mvnw verify runs npm ci there)");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "pusher client tests need " + String.join(", ", missing);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " -- under CI this is a failure, not a skip");
        }
        Assumptions.abort(message + " -- skipped");
    }

    /** Runs {@code node pusher/<script> <baseUrl> <screenshot dir> <args...>}; chromium.mjs needs Chromium too. */
    static void run(String script, URL baseUrl, Duration timeout, String... args) {
        requireTools(script.startsWith("chromium"));
        BrowserScript.runNode("pusher/" + script, baseUrl, timeout, args);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
