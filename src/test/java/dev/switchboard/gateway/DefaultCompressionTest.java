package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With the shipped configuration, permessage-deflate is not negotiated even when offered (as browsers do): a
 * compressed connection would keep a zlib compressor for its whole life. CborProtocolTest covers the switched-on case.
 */
@QuarkusTest
class DefaultCompressionTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void permessageDeflateIsOffByDefault() throws Exception {
        String response = RawWebSocket.upgradeResponse(base, "/ws",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertTrue(response.startsWith("HTTP/1.1 101"), response);
        assertFalse(response.toLowerCase(Locale.ROOT).contains("permessage-deflate"), response);
    }
}
