package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Pusher HTTP API requests as the server SDKs do (auth_key, auth_timestamp, auth_version=1.0, body_md5,
 * auth_signature = hex HMAC-SHA256 of "POST\n<path>\n<sorted query>"), so the benchmark's triggers cost the server
 * what an SDK's cost: the signature check included.
 */
final class PusherSigner {
    private static final HexFormat HEX = HexFormat.of();

    private final String key;
    private final ThreadLocal<Mac> mac;

    PusherSigner(String key, String secret) {
        this.key = key;
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The path and signed query of a POST of {@code body} to {@code path}. */
    String signedUri(String path, String body) {
        String md5;
        try {
            md5 = HEX.formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String query = "auth_key=" + key + "&auth_timestamp=" + System.currentTimeMillis() / 1000
                + "&auth_version=1.0&body_md5=" + md5;
        String signature = HEX.formatHex(mac.get().doFinal(("POST\n" + path + "\n" + query)
                .getBytes(StandardCharsets.UTF_8)));
        return path + "?" + query + "&auth_signature=" + signature;
    }
}
