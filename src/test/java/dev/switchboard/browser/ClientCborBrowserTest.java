package dev.switchboard.browser;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The JS client's CBOR subprotocol (src/test/browser/cbor.mjs): its own codec against cbor-x on generated values
 * and the RFC 8949 examples, then switchboard.v1.cbor in headless chromium against this server (bytes in
 * {@code data}, mixed CBOR and JSON subscribers, an oversize command refused locally).
 */
@QuarkusTest
class ClientCborBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void cborSubprotocolWorksAndMatchesCborX() {
        BrowserScript.run("cbor.mjs", base, Duration.ofMinutes(2));
    }
}
