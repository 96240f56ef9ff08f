package dev.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds JWTs by hand (JOSE compact serialisation), so tests can make every kind of bad token a client could
 * send: a wrong algorithm, {@code alg: none}, a tampered payload, missing claims.
 */
public final class TestTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Object> claims = new LinkedHashMap<>();

    private TestTokens() {
    }

    /** Claims {@code sub} and {@code exp} five minutes ahead. */
    public static TestTokens forUser(String user) {
        TestTokens t = new TestTokens();
        t.claims.put("sub", user);
        t.claims.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
        return t;
    }

    public TestTokens claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    public TestTokens expiresIn(long seconds) {
        return claim("exp", Instant.now().plusSeconds(seconds).getEpochSecond());
    }

    public String hs256() {
        return hmac("HS256", "HmacSHA256", TestKeys.HMAC_SECRET);
    }

    public String hmac(String alg, String javaAlg, String secret) {
        String input = signingInput(alg);
        try {
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), javaAlg));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String rs256(PrivateKey key) {
        return signed("RS256", "SHA256withRSA", key);
    }

    public String es256(PrivateKey key) {
        return signed("ES256", "SHA256withECDSAinP1363Format", key);
    }

    /** An unsigned token: header {@code alg: none}, empty signature. */
    public String unsigned() {
        return signingInput("none") + ".";
    }

    private String signed(String alg, String javaAlg, PrivateKey key) {
        String input = signingInput(alg);
        try {
            Signature signature = Signature.getInstance(javaAlg);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String signingInput(String alg) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT"))) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces a signed token's payload by another one, keeping the original signature. */
    public static String withPayloadOf(String token, String otherToken) {
        String[] a = token.split("\\.");
        String[] b = otherToken.split("\\.");
        return a[0] + "." + b[1] + "." + a[2];
    }
}
