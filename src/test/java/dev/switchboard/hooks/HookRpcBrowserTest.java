package dev.switchboard.hooks;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.browser.BrowserScript;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The JS client's {@code sb.rpc} in headless chromium against the rpc hook's real back end (src/test/browser/rpc.mjs). */
@QuarkusTest
@TestProfile(HookTestProfile.class)
class HookRpcBrowserTest {

    private static HookBackend backend;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBackend() {
        backend = ProxyBackend.start();
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void rpcWorksInARealBrowser() {
        BrowserScript.run("rpc.mjs", base, Duration.ofMinutes(1));
    }
}
