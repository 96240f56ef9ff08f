package dev.switchboard.browser;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The JS client as users consume it (src/test/browser/package.mjs): {@code npm pack} of clients/js, the tarball
 * installed into a small Vite app, type-checked with tsc against the package's .d.ts, built with Vite, and the
 * built page driven in headless chromium against this server.
 */
@QuarkusTest
class ClientPackageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void packedClientWorksInAViteBuild() {
        BrowserScript.run("package.mjs", base, Duration.ofMinutes(3));
    }
}
