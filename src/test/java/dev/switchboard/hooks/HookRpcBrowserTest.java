package dev.switchboard.hooks;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.browser.BrowserScript;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The JS client's {@code sb.rpc} in headless chromium against the rpc hook's real back end (src/test/browser/rpc.mjs). */
@QuarkusTest
@TestProfile(HookTestProfile.class)
class HookRpcBrowserTest {

    @RegisterExtension
    static final ProxyBackendExtension backend = new ProxyBackendExtension();

    @TestHTTPResource("/")
    URL base;

    @Test
    void rpcWorksInARealBrowser() {
        BrowserScript.run("rpc.mjs", base, Duration.ofMinutes(1));
    }
}
