package dev.switchboard.hooks.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs an event body: {@code X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>} with the
 * first configured secret. Rotation: put the new secret first and keep the old one second while back ends move
 * over; a back end accepts a body whose signature matches any secret it holds (docs/hooks.md).
 */
public final class EventSigner implements BodySigner {

    public static final String HEADER = "X-Switchboard-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key; // null: unsigned

    public EventSigner(List<String> secrets) {
        this.key = secrets.isEmpty() ? null
                : new SecretKeySpec(secrets.get(0).getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public boolean signs() {
        return key != null;
    }

    @Override
    public Map<String, String> headers(byte[] body) {
        return key == null ? Map.of() : Map.of(HEADER, sign(body));
    }

    /** The header value for {@code body}. */
    public String sign(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(key, body));
    }

    /** HMAC-SHA256 of {@code body} under {@code secret}; what a verifier compares against. */
    public static String signature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(
                hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), body));
    }

    /** HMAC-SHA256 of {@code body} under {@code secret}, as lower-case hex (Pusher's webhook signature form). */
    public static String hexHmac(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
                body));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe, and cheap to make
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
