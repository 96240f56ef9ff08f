package dev.switchboard.hooks;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.browser.BrowserScript;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The JS client against the hooks' real back end in headless chromium: {@code sb.rpc} (src/test/browser/rpc.mjs)
 * and the connect hook's server-side subscriptions handed to the app (server-subs.mjs).
 */
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

    @Test
    void serverSideSubscriptionsReachTheAppInARealBrowser() {
        BrowserScript.run("server-subs.mjs", base, Duration.ofMinutes(1));
    }
}
