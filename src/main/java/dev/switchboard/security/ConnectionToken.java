package dev.switchboard.security;

import io.vertx.core.http.HttpServerRequest;

/**
 * Where a client puts its connection token on an HTTP request (a WebSocket upgrade, an SSE or long-poll request):
 * the query parameter {@code token} (browsers' WebSocket and EventSource cannot set headers) or an
 * {@code Authorization: Bearer} header. One reading for every entry, so they cannot drift apart.
 */
public final class ConnectionToken {

    private ConnectionToken() {
    }

    /** The token, trimmed; null when there is none (absent or blank). */
    public static String of(HttpServerRequest request) {
        String query = request.getParam("token");
        if (query != null && !query.isBlank()) {
            return query.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }
}
