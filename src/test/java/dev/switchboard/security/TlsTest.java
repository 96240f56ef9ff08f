package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.TestCertificate;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * wss:// and https:// with a certificate from PEM files: the JDK's HTTP and WebSocket clients, trusting only that
 * certificate, speak the protocol over TLS; a client that does not trust it cannot connect; plain HTTP is
 * redirected to HTTPS.
 */
@QuarkusTest
@TestProfile(TlsTestProfile.class)
class TlsTest {

    @TestHTTPResource(value = "/", tls = true)
    URI https;

    @TestHTTPResource("/")
    URI http;

    @Test
    void protocolWorksOverWss() throws Exception {
        assertEquals("https", https.getScheme());
        HttpClient client = HttpClient.newBuilder().sslContext(TestCertificate.trustingContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        URI wss = URI.create("wss://localhost:" + https.getPort() + "/ws");
        WebSocket socket = client.newWebSocketBuilder().buildAsync(wss, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    frames.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        try {
            String welcome = frames.poll(10, TimeUnit.SECONDS);
            assertTrue(welcome != null && welcome.contains("\"type\":\"welcome\""), String.valueOf(welcome));
            socket.sendText("{\"type\":\"ping\",\"id\":1}", true).get(10, TimeUnit.SECONDS);
            assertEquals("{\"type\":\"pong\",\"id\":1}", frames.poll(10, TimeUnit.SECONDS));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(https.resolve("/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    @Test
    void clientThatDoesNotTrustTheCertificateCannotConnect() {
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        CompletableFuture<WebSocket> attempt = untrusting.newWebSocketBuilder()
                .buildAsync(URI.create("wss://localhost:" + https.getPort() + "/ws"), new WebSocket.Listener() {
                });
        Throwable failure = null;
        try {
            attempt.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            failure = e;
        }
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SSLHandshakeException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof SSLHandshakeException, "expected a TLS handshake failure, got " + failure);
    }

    @Test
    void plainHttpIsRedirectedToHttps() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(http.resolve("/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(301, response.statusCode(), http + " answered " + response.headers().map());
        String location = response.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith("https://"), location);
    }
}
