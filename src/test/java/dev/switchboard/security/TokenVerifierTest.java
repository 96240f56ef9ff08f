package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.TestKeys;
import dev.switchboard.testing.TestTokens;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Token verification without a running server: the verifier gets its settings from a real SmallRye config built
 * from the same property names an operator writes, and every token is built by hand ({@link TestTokens}).
 */
class TokenVerifierTest {

    private static TokenVerifier verifier(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SecurityConfig.class)
                // Quarkus's own reading of "30s"; plain SmallRye knows only ISO-8601 durations
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(properties)
                .build();
        return new TokenVerifier(config.getConfigMapping(SecurityConfig.class));
    }

    /** HS256 only, with the default 30 s clock skew. */
    private static final TokenVerifier HS256 = verifier(Map.of("switchboard.auth.hmac-secret", TestKeys.HMAC_SECRET));

    private static String refusal(TokenVerifier verifier, String token) {
        return assertThrows(InvalidTokenException.class, () -> verifier.connection(token)).getMessage();
    }

    @Test
    void aValidHs256TokenNamesItsUserChannelsInfoAndExpiry() throws Exception {
        Instant before = Instant.now();
        String token = TestTokens.forUser("alice")
                .claim("channels", List.of("chat:vip", "news"))
                .claim("info", Map.of("name", "Alice"))
                .expiresIn(600)
                .hs256();
        ClientIdentity identity = HS256.connection(token);
        assertEquals("alice", identity.user());
        assertEquals(Set.of("chat:vip", "news"), identity.channels());
        assertEquals("Alice", identity.info().path("name").asText());
        long expiry = identity.expiresAt().getEpochSecond();
        assertTrue(expiry >= before.getEpochSecond() + 599 && expiry <= Instant.now().getEpochSecond() + 600,
                "exp is read from the token: " + identity.expiresAt());
    }

    @Test
    void anExpiredTokenIsRefusedBeyondTheClockSkewOnly() throws Exception {
        refusal(HS256, TestTokens.forUser("alice").expiresIn(-120).hs256());
        // 10 s ago is within the default 30 s leeway for a client whose clock differs a little
        assertEquals("alice", HS256.connection(TestTokens.forUser("alice").expiresIn(-10).hs256()).user());

        TokenVerifier strict = verifier(Map.of("switchboard.auth.hmac-secret", TestKeys.HMAC_SECRET,
                "switchboard.auth.clock-skew", "0s"));
        refusal(strict, TestTokens.forUser("alice").expiresIn(-10).hs256());
    }

    @Test
    void aTokenSignedWithAnotherSecretOrWithAChangedPayloadIsRefused() {
        refusal(HS256, TestTokens.forUser("alice").hmac("HS256", "HmacSHA256",
                "another-secret-that-is-also-32-bytes-long"));
        String alice = TestTokens.forUser("alice").hs256();
        String admin = TestTokens.forUser("admin").hs256();
        refusal(HS256, TestTokens.withPayloadOf(alice, admin));
    }

    @Test
    void tokensOfAnotherAlgorithmAreRefusedEvenWithTheRightSecret() {
        refusal(HS256, TestTokens.forUser("alice").hmac("HS384", "HmacSHA384", TestKeys.HMAC_SECRET));
        refusal(HS256, TestTokens.forUser("alice").hmac("HS512", "HmacSHA512", TestKeys.HMAC_SECRET));
        refusal(HS256, TestTokens.forUser("alice").unsigned());
        refusal(HS256, TestTokens.forUser("alice").rs256(TestKeys.rsaPrivateKey()));
    }

    @Test
    void anHs256TokenSignedWithTheRsaPublicKeyIsRefused() throws Exception {
        // Algorithm confusion: the public key is public, so a verifier that took "HS256 with the key it has"
        // would accept tokens anyone can make.
        TokenVerifier rsaOnly = verifier(Map.of("switchboard.auth.public-key-location",
                TestKeys.rsaPublicKey().toString()));
        assertEquals("alice", rsaOnly.connection(TestTokens.forUser("alice").rs256(TestKeys.rsaPrivateKey())).user());
        String pem = Files.readString(TestKeys.rsaPublicKey());
        refusal(rsaOnly, TestTokens.forUser("alice").hmac("HS256", "HmacSHA256", pem));
    }

    @Test
    void aTokenWithoutSubjectIsRefused() {
        refusal(HS256, TestTokens.forUser("alice").claim("sub", null).hs256());
        // SmallRye alone would take upn or preferred_username as the principal; the protocol's user is sub only.
        assertTrue(refusal(HS256, TestTokens.forUser("alice").claim("sub", null).claim("upn", "alice").hs256())
                .contains("no 'sub'"));
        assertTrue(refusal(HS256, TestTokens.forUser(" ").claim("upn", "alice").hs256()).contains("no 'sub'"));
    }

    @Test
    void withoutAKeyEveryTokenIsRefused() {
        TokenVerifier none = verifier(Map.of());
        assertFalse(none.configured());
        assertTrue(refusal(none, TestTokens.forUser("alice").hs256()).contains("no verification key"));
        assertTrue(HS256.configured());
    }

    @Test
    void emptyAndOversizedTokensAreRefusedUnparsed() {
        refusal(HS256, null);
        refusal(HS256, " ");
        String huge = TestTokens.forUser("alice").claim("pad", "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH)).hs256();
        assertTrue(refusal(HS256, huge).contains("impossible size"));
    }

    @Test
    void aShortHmacSecretIsRejectedAtStartUp() {
        assertThrows(IllegalStateException.class,
                () -> verifier(Map.of("switchboard.auth.hmac-secret", "only-31-bytes-long-not-enough!!")));
    }

    @Test
    void aSubscriptionTokenCountsOnlyForItsUserAndChannel() throws Exception {
        String token = TestTokens.forUser("alice").claim("channel", "secret:plans").hs256();
        HS256.subscription(token, "alice", "secret:plans");
        assertThrows(InvalidTokenException.class, () -> HS256.subscription(token, "bob", "secret:plans"));
        assertThrows(InvalidTokenException.class, () -> HS256.subscription(token, "alice", "secret:other"));
        String noChannel = TestTokens.forUser("alice").hs256();
        assertThrows(InvalidTokenException.class, () -> HS256.subscription(noChannel, "alice", "secret:plans"));
    }
}
