package dev.switchboard.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The security settings under {@code switchboard.*}: connection tokens and the origin check. Limits and
 * namespace options live in {@link dev.switchboard.SwitchboardConfig}. docs/configuration.md lists them all.
 */
@ConfigMapping(prefix = "switchboard")
public interface SecurityConfig {

    Auth auth();

    /**
     * Origins allowed to open WebSockets, e.g. {@code https://app.example.com}, {@code https://*.example.com},
     * or {@code *} for any. Unset: same-origin pages and pages on localhost/127.0.0.1 (any port) only.
     */
    @WithName("allowed-origins")
    Optional<List<String>> allowedOrigins();

    Origin origin();

    interface Auth {
        /** Whether connections without a token are accepted (as anonymous). Production sets this to false. */
        @WithDefault("true")
        boolean anonymous();

        /** Shared secret for HS256 tokens (at least 32 bytes; UTF-8 text). */
        @WithName("hmac-secret")
        Optional<String> hmacSecret();

        /** PEM files with public keys (RSA for RS256, EC P-256 for ES256); several allow key rotation. */
        @WithName("public-key-location")
        Optional<List<String>> publicKeyLocations();

        /** Leeway for {@code exp} and {@code nbf} at verification, for clocks that differ a little. */
        @WithDefault("30s")
        Duration clockSkew();
    }

    interface Origin {
        /** Whether an upgrade without an Origin header is refused (403); non-browser clients send none. */
        @WithDefault("false")
        boolean require();
    }
}
