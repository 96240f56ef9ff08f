package dev.switchboard.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets a request into {@code /api/v1} only with a configured key in {@code X-API-Key}. Runs before routing,
 * so an unknown path without a key also gets 401 and reveals nothing about which paths exist.
 */
public class ApiKeyFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @ServerRequestFilter(preMatching = true, priority = 1000)
    public Response checkKey(ContainerRequestContext request) {
        if (!ApiPaths.isApi(request.getUriInfo().getPath())) {
            return null;
        }
        if (!keys.enabled()) {
            return ProblemMappers.response(Problem.of(401, "api-disabled", "HTTP API disabled",
                    "No API key is configured on this server, so the HTTP API is off. Set switchboard.api.keys "
                            + "(environment variable SWITCHBOARD_API_KEYS; several keys separated by commas) "
                            + "and send one of them in the X-API-Key header."));
        }
        String presented = request.getHeaderString(HEADER);
        if (presented == null || presented.isEmpty()) {
            return ProblemMappers.response(Problem.of(401, "missing-api-key", "API key required",
                    "Send an API key configured in switchboard.api.keys in the X-API-Key header."));
        }
        if (!keys.accepts(presented)) {
            return ProblemMappers.response(Problem.of(401, "wrong-api-key", "API key not accepted",
                    "The X-API-Key header does not match any key in switchboard.api.keys."));
        }
        return null;
    }
}
