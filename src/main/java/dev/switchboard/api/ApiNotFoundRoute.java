package dev.switchboard.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;

/**
 * Any other path under {@code /api/v1}: a 404 problem rather than the plain 404 page, so API clients always get
 * problem+json. A Vert.x route ordered after the REST layer, which hands on only the requests none of its paths
 * matched: a known path with the wrong method never gets here, and the REST layer answers it with 405 and
 * {@code Allow} (a catch-all JAX-RS resource would match such a request first and turn it into a 404).
 */
@ApplicationScoped
public class ApiNotFoundRoute {

    static final Problem NOT_FOUND = Problem.of(404, "not-found", "Not found",
            "No such API call. The calls are listed in docs/api.md and in the OpenAPI document at /q/openapi.");

    /** After the REST layer's own route, which Quarkus 3.33 orders at AFTER_DEFAULT + 500. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_AFTER_DEFAULT + 1000;

    void register(@Observes Router router) {
        router.route(ApiPaths.ROOT + "*").order(ORDER)
                .handler(rc -> HttpProblems.send(rc.response(), NOT_FOUND));
    }
}
