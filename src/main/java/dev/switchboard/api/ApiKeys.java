package dev.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The configured API keys and the check of a presented one. Both sides are hashed to SHA-256 first, then
 * compared with {@link MessageDigest#isEqual} against every key without stopping early, so the time taken says
 * nothing about how much of a key matched or how long the keys are.
 */
@ApplicationScoped
public class ApiKeys {

    private final List<byte[]> digests;

    ApiKeys() {
        this.digests = List.of(); // for the proxy
    }

    @jakarta.inject.Inject
    public ApiKeys(ApiConfig config) {
        this.digests = config.keys().orElse(List.of()).stream()
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .map(ApiKeys::digest)
                .toList();
    }

    /** False when no key is configured: the API is then off. */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    public boolean accepts(String presented) {
        if (presented == null || digests.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] key : digests) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
