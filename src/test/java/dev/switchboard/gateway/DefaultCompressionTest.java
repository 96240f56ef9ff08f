package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With the shipped configuration, permessage-deflate is negotiated when offered (as browsers do): compression
 * costs no memory per connection (connection/deflate), so it is on. PerMessageDeflateTest covers the details.
 */
@QuarkusTest
class DefaultCompressionTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void permessageDeflateIsOnByDefault() throws Exception {
        String response = RawWebSocket.upgradeResponse(base, "/ws",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertTrue(response.startsWith("HTTP/1.1 101"), response);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate; "
                + "server_no_context_takeover; client_no_context_takeover"), response);
    }
}
