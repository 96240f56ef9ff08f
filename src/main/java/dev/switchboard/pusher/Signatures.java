package dev.switchboard.pusher;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Pusher's signatures: hex HMAC-SHA256 with the app secret, and hex MD5 of request bodies; compared in constant time. */
final class Signatures {

    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {
    }

    static String hmacSha256(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static String md5(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** Equal strings, in time that does not depend on where they differ (a timing leak would let a forger guess). */
    static boolean same(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code auth} ({@code <key>:<hex signature>}) signs {@code message} for {@code app}: the subscription
     * auth of private ({@code socket_id:channel}) and presence ({@code socket_id:channel:channel_data}) channels.
     */
    static boolean validAuth(PusherApp app, String message, String auth) {
        String expected = app.key() + ":" + hmacSha256(app.secret(), message);
        return same(expected, auth);
    }
}
