package dev.switchboard.browser;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * switchboard.js in headless chromium against this server: request/reply promises and error replies, the bounded
 * offline queue, recovery after the browser goes offline and back, and the heartbeat noticing a half-open
 * connection (src/test/browser/client.mjs).
 */
@QuarkusTest
class ClientLibraryBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void clientLibraryWorksInARealBrowser() {
        BrowserScript.run("client.mjs", base, Duration.ofMinutes(2));
    }
}
