package dev.switchboard.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.ws.rs.HttpMethod;

/**
 * The API's calls: each path under {@code /api/v1} with the method it takes. {@link ApiResource} takes its
 * paths from here, and a 405 takes its {@code Allow} header from here: the REST layer answers a known path with
 * the wrong method with a bare 405 that names no allowed method.
 */
final class ApiCalls {

    static final String PUBLISH = "publish";
    static final String BROADCAST = "broadcast";
    static final String PRESENCE = "channels/{channel}/presence";
    static final String HISTORY = "channels/{channel}/history";
    static final String DISCONNECT = "disconnect";
    static final String INFO = "info";

    private record Call(String method, String template, Pattern path) {
        Call(String method, String template) {
            this(method, template, Pattern.compile(Pattern.quote(ApiPaths.ROOT + "/" + template)
                    .replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")));
        }
    }

    private static final List<Call> CALLS = List.of(
            new Call(HttpMethod.POST, PUBLISH),
            new Call(HttpMethod.POST, BROADCAST),
            new Call(HttpMethod.GET, PRESENCE),
            new Call(HttpMethod.GET, HISTORY),
            new Call(HttpMethod.POST, DISCONNECT),
            new Call(HttpMethod.GET, INFO));

    private ApiCalls() {
    }

    /**
     * The methods a request path takes, as the REST layer answers them to OPTIONS: the declared ones, HEAD with
     * GET, and OPTIONS; empty when the path is no API call.
     */
    static Optional<Set<String>> allowedMethods(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Call call : CALLS) {
            if (call.path().matcher(path).matches()) {
                allowed.add(call.method());
                if (call.method().equals(HttpMethod.GET)) {
                    allowed.add(HttpMethod.HEAD);
                }
            }
        }
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        allowed.add(HttpMethod.OPTIONS);
        return Optional.of(allowed);
    }
}
