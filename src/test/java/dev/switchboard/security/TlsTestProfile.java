package dev.switchboard.security;

import java.util.Map;

import dev.switchboard.testing.TestCertificate;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * TLS through the Quarkus TLS registry with PEM files (a self-signed certificate made for the test), plain HTTP
 * redirected to HTTPS: the configuration docs/security.md shows for production.
 */
public class TlsTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.tls.key-store.pem.0.cert", TestCertificate.certificate().toString(),
                "quarkus.tls.key-store.pem.0.key", TestCertificate.privateKey().toString(),
                "quarkus.http.test-ssl-port", "0",
                "quarkus.http.insecure-requests", "redirect",
                "switchboard.demo.ticker.enabled", "false");
    }
}
