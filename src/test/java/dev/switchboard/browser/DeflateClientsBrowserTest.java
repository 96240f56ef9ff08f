package dev.switchboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.switchboard.connection.deflate.Compression;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With the shipped settings, the clients people use negotiate permessage-deflate by default and read what the
 * server compresses: Chromium (the demo page, and a WebSocket in it), Node's ws and Python's websockets, each
 * with its own defaults. The server's deflate count shows the long publication went out compressed.
 */
@QuarkusTest
class DeflateClientsBrowserTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PYTHON_SCRIPT = Path.of("src", "test", "clients", "websockets_deflate.py").toAbsolutePath();

    @TestHTTPResource("/")
    URL base;

    @Inject
    Compression compression;

    @Test
    void chromiumNegotiatesItOnTheDemoPageAndReadsCompressedPublications() {
        long before = compression.deflater().deflations();
        BrowserScript.run("deflate.mjs", base, Duration.ofMinutes(2));
        assertTrue(compression.deflater().deflations() > before, "the publication was deflated for the browser");
    }

    @Test
    void nodeWsNegotiatesItWithItsDefaults() {
        long before = compression.deflater().deflations();
        BrowserScript.run("ws-deflate.mjs", base, Duration.ofMinutes(1));
        assertTrue(compression.deflater().deflations() > before);
    }

    @Test
    void pythonWebsocketsNegotiatesItWithItsDefaults() throws Exception {
        requirePythonWebsockets();
        long before = compression.deflater().deflations();
        Process process = new ProcessBuilder(PYTHON.toString(), PYTHON_SCRIPT.toString(), base.toString())
                .redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("websockets_deflate.py did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("---- websockets_deflate.py ----\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.lines().anyMatch(l -> l.equals("PASS websockets-deflate")), output);
        assertTrue(compression.deflater().deflations() > before);
    }

    private static void requirePythonWebsockets() throws Exception {
        boolean present = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import websockets").start().waitFor() == 0;
        if (present) {
            return;
        }
        String message = "needs Python websockets: apt-get install python3-websockets";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " -- under CI this is a failure, not a skip");
        }
        Assumptions.abort(message);
    }
}
