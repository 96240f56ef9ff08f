package dev.switchboard.pusher;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pusher's HTTP API request signing: {@code auth_key} is the app's key, {@code auth_timestamp} within 600 s of
 * this server's clock, {@code auth_version} 1.0, {@code body_md5} the hex MD5 of a non-empty body, and
 * {@code auth_signature} the hex HMAC-SHA256, with the app secret, of
 * {@code METHOD\nPATH\nQUERY}: every other query parameter, names lower-cased, sorted by name, {@code name=value}
 * joined with {@code &} (values decoded, as signed). Signatures are compared in constant time.
 */
final class RequestSignature {

    static final long MAX_SKEW_SECONDS = 600;

    private final Clock clock;

    RequestSignature(Clock clock) {
        this.clock = clock;
    }

    /** Throws {@link PusherHttpError} 401 unless the request is signed by {@code app}. */
    void verify(PusherApp app, String method, String path, Map<String, String> query, byte[] body) {
        Map<String, String> params = new TreeMap<>();
        query.forEach((name, value) -> params.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        if (!app.key().equals(params.get("auth_key"))) {
            throw new PusherHttpError(401, "Unknown auth_key");
        }
        String version = params.get("auth_version");
        if (version != null && !version.equals("1.0")) {
            throw new PusherHttpError(401, "Unsupported auth_version: " + version);
        }
        long now = clock.instant().getEpochSecond();
        long timestamp;
        try {
            timestamp = Long.parseLong(params.getOrDefault("auth_timestamp", ""));
        } catch (NumberFormatException e) {
            throw new PusherHttpError(401, "Missing or invalid auth_timestamp");
        }
        if (Math.abs(now - timestamp) > MAX_SKEW_SECONDS) {
            throw new PusherHttpError(401, "Timestamp expired: Given timestamp (" + timestamp + ") not within "
                    + MAX_SKEW_SECONDS + "s of server time (" + now + ")");
        }
        if (body != null && body.length > 0) {
            if (!Signatures.same(Signatures.md5(body), params.get("body_md5"))) {
                throw new PusherHttpError(401, "The body_md5 does not match the body");
            }
        } else if (params.containsKey("body_md5") && !Signatures.same(Signatures.md5(new byte[0]), params.get("body_md5"))) {
            throw new PusherHttpError(401, "The body_md5 does not match the body");
        }
        String given = params.remove("auth_signature");
        StringBuilder sorted = new StringBuilder();
        for (Map.Entry<String, String> p : params.entrySet()) {
            sorted.append(sorted.isEmpty() ? "" : "&").append(p.getKey()).append('=').append(p.getValue());
        }
        String signed = method + "\n" + path + "\n" + sorted;
        if (Signatures.same(Signatures.hmacSha256(app.secret(), signed), given)) {
            return;
        }
        // The SDKs sign the path as they wrote it (e.g. /users/alice|x/...), and their HTTP client may then send it
        // percent-encoded (/users/alice%7Cx/...): the decoded path names the same resource, so it is accepted too.
        String decoded = decodedPath(path);
        if (decoded != null && Signatures.same(Signatures.hmacSha256(app.secret(),
                method + "\n" + decoded + "\n" + sorted), given)) {
            return;
        }
        throw new PusherHttpError(401, "Invalid signature: you should have sent HmacSHA256Hex(\""
                + signed.replace("\n", "\\n") + "\", your_secret)");
    }

    /** The path with its percent-escapes decoded; null when it has none (or a broken one). */
    private static String decodedPath(String path) {
        if (path.indexOf('%') < 0) {
            return null;
        }
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
