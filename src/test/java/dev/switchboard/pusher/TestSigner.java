package dev.switchboard.pusher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tests' own Pusher signer (written from Pusher's documents, not from the server's code), so the signing
 * tests can send what the SDK never would: a stale timestamp, a wrong body_md5, a signature over other bytes.
 */
final class TestSigner {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestSigner() {
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query of a signed request; {@code params} are the auth_* and other parameters before signing. */
    static String signedQuery(String method, String path, Map<String, String> params, String secret) {
        TreeMap<String, String> sorted = new TreeMap<>(params);
        String toSign = method + "\n" + path + "\n" + sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        sorted.put("auth_signature", hmac(secret, toSign));
        return sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> authParams(String key, long timestamp, String bodyMd5) {
        TreeMap<String, String> params = new TreeMap<>(Map.of("auth_key", key, "auth_timestamp",
                String.valueOf(timestamp), "auth_version", "1.0"));
        if (bodyMd5 != null) {
            params.put("body_md5", bodyMd5);
        }
        return params;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static HttpResponse<String> post(URI base, String app, String body, String key, String secret, long timestamp,
            String bodyMd5) {
        return postTo(base, "/apps/" + app + "/events", body, key, secret, timestamp, bodyMd5);
    }

    private static HttpResponse<String> postTo(URI base, String path, String body, String key, String secret,
            long timestamp, String bodyMd5) {
        String query = signedQuery("POST", path, authParams(key, timestamp, bodyMd5), secret);
        return send(HttpRequest.newBuilder(base.resolve(path + "?" + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A correctly signed trigger of app-one. */
    static HttpResponse<String> trigger(URI base, String body) {
        return post(base, PusherTestProfile.APP, body, PusherTestProfile.KEY, PusherTestProfile.SECRET, now(), md5(body));
    }

    /** A correctly signed batch_events call of app-one. */
    static HttpResponse<String> batch(URI base, String body) {
        return postTo(base, "/apps/" + PusherTestProfile.APP + "/batch_events", body, PusherTestProfile.KEY,
                PusherTestProfile.SECRET, now(), md5(body));
    }

    static HttpResponse<String> get(URI base, String path, Map<String, String> extra) {
        Map<String, String> params = new TreeMap<>(authParams(PusherTestProfile.KEY, now(), null));
        params.putAll(extra);
        String query = signedQuery("GET", path, params, PusherTestProfile.SECRET);
        return send(HttpRequest.newBuilder(base.resolve(path + "?" + query)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
