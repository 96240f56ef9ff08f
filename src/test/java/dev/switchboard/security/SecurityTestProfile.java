package dev.switchboard.security;

import java.util.Map;

import dev.switchboard.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One profile for every security test (each profile restarts Quarkus): tokens required (anonymous off) with an
 * HS256 secret and RS256 and ES256 public keys, an origin allow-list, a private namespace, a payload limit, and
 * limits low enough to reach in a test.
 */
public class SecurityTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("switchboard.node.name", "security-node"),
                Map.entry("switchboard.demo.ticker.enabled", "false"),
                Map.entry("switchboard.auth.anonymous", "false"),
                Map.entry("switchboard.auth.hmac-secret", TestKeys.HMAC_SECRET),
                Map.entry("switchboard.auth.public-key-location",
                        TestKeys.rsaPublicKey() + "," + TestKeys.ecPublicKey()),
                Map.entry("switchboard.allowed-origins", "https://app.example.com,https://*.example.org"),
                Map.entry("switchboard.namespaces.secret.private", "true"),
                Map.entry("switchboard.namespaces.feed.publish", "none"),
                Map.entry("switchboard.namespaces.small.max-payload-size", "100"),
                Map.entry("switchboard.limits.commands-per-second", "200"),
                Map.entry("switchboard.limits.command-burst", "1000"),
                Map.entry("switchboard.limits.max-rate-limited", "50"),
                Map.entry("switchboard.limits.max-connections", "60"),
                Map.entry("switchboard.limits.max-connections-per-user", "3"),
                Map.entry("switchboard.limits.max-outbound-buffer", "262144"));
    }
}
