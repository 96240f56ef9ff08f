package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The origin rules without a server: the default policy, patterns, {@code *}, and requiring an Origin. */
class OriginPolicyTest {

    private static final String HOST = "gateway.example.com:8443";

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            // policy, origin, allowed
            "default, https://gateway.example.com:8443, true",
            "default, http://localhost:3000, true",
            "default, http://127.0.0.1:5173, true",
            "default, 'http://[::1]:8080', true",
            "default, https://evil.com, false",
            "default, http://localhost.evil.com, false",
            "default, null, false",
            "default, NONE, true",
            "default, file://, false",
            "default, not a url, false",
            "list, https://app.example.com, true",
            "list, https://x.example.org, true",
            "list, https://x.y.example.org, true",
            "list, https://example.org, false",
            "list, https://x.example.org:444, false",
            "list, https://evil.com/.example.org, false",
            "list, http://localhost:3000, false",
            "list, https://gateway.example.com:8443, true",
            "any, https://anything.test, true",
            "any, null, false",
            "required, NONE, false",
            "required, https://gateway.example.com:8443, true",
    })
    void decides(String policy, String origin, boolean allowed) {
        OriginPolicy rules = switch (policy) {
            case "default" -> new OriginPolicy(Optional.empty(), false);
            case "list" -> new OriginPolicy(Optional.of(List.of("https://app.example.com", "https://*.example.org")),
                    false);
            case "any" -> new OriginPolicy(Optional.of(List.of("*")), false);
            default -> new OriginPolicy(Optional.empty(), true);
        };
        assertEquals(allowed, rules.allows(origin, HOST), policy + " / " + origin);
    }
}
