package dev.switchboard.browser;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The JS client's Fossil deltas (src/test/browser/delta.mjs): its decoder against the npm package fossil-delta, and
 * in Chromium against this server (the default configuration's {@code ticker} namespace has deltas on): whole data
 * in onPublication equal to a plain subscriber's, and a delta that does not fit its base never applied.
 */
@QuarkusTest
class DeltaClientBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void deltasAreAppliedTransparentlyAndAWrongBaseNever() {
        BrowserScript.run("delta.mjs", base, Duration.ofMinutes(2));
    }
}
