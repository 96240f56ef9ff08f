package dev.switchboard.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a WebSocket upgrade's {@code Origin} may connect, against cross-site WebSocket hijacking: a
 * page on another site must not open a connection that carries the user's cookies or credentials.
 * <ul>
 * <li>A page of this server (same origin: the Origin's host and port equal the Host header) is always allowed.</li>
 * <li>No allow-list configured: pages on localhost, 127.0.0.1 and [::1] are allowed too (demo friendly).</li>
 * <li>An allow-list replaces that: each entry is an origin, {@code *} inside the host stands for one or more
 * host labels ({@code https://*.example.com}), a lone {@code *} allows every origin.</li>
 * <li>{@code Origin: null} (sandboxed frames, file: pages, some redirects) is always foreign.</li>
 * <li>No Origin header (non-browser clients) is allowed unless {@code switchboard.origin.require=true}.</li>
 * </ul>
 */
public final class OriginPolicy {

    private static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");

    private final List<Pattern> allowed; // null: the default policy
    private final boolean anyOrigin;
    private final boolean requireOrigin;

    public OriginPolicy(Optional<List<String>> allowedOrigins, boolean requireOrigin) {
        this.requireOrigin = requireOrigin;
        List<String> entries = allowedOrigins.map(list -> list.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList()).orElse(null);
        this.anyOrigin = entries != null && entries.contains("*");
        this.allowed = entries == null ? null : entries.stream().map(OriginPolicy::compile).toList();
    }

    static Pattern compile(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        StringBuilder regex = new StringBuilder();
        for (String part : lower.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[a-z0-9-]+(?:\\.[a-z0-9-]+)*"); // host labels only: no '/', ':' or '@'
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether a connection with this Origin header (null when absent) and Host header may be upgraded. */
    public boolean allows(String origin, String host) {
        if (origin == null || origin.isEmpty()) {
            return !requireOrigin;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("null")) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(normalized);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null || !(normalized.startsWith("http://") || normalized.startsWith("https://"))) {
            return false;
        }
        if (host != null && uri.getRawAuthority().equals(host.trim().toLowerCase(Locale.ROOT))) {
            return true; // same origin: a page served by this server
        }
        if (allowed == null) {
            return LOCAL_HOSTS.contains(uri.getHost());
        }
        if (anyOrigin) {
            return true;
        }
        for (Pattern pattern : allowed) {
            if (pattern.matcher(normalized).matches()) {
                return true;
            }
        }
        return false;
    }
}
