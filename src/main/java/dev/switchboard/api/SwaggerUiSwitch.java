package dev.switchboard.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Serves the Swagger UI only when {@code switchboard.api.docs=true}. The UI is built into every package
 * ({@code quarkus.swagger-ui.always-include=true} is a build-time setting), and this filter, which runs before
 * any route, answers 404 for it at run time when docs are off: one artifact, switched by configuration.
 */
@ApplicationScoped
public class SwaggerUiSwitch {

    private static final String SWAGGER_UI = "/q/swagger-ui";
    private static final String NOT_FOUND = Problem.of(404, "not-found", "Not found",
            "The API documentation UI is off; set switchboard.api.docs=true to serve it.").toJson();

    void register(@Observes Filters filters, Instance<ApiConfig> config) {
        // Filters are set up before runtime configuration exists, so the setting is read on first use.
        filters.register(rc -> {
            String path = rc.normalizedPath();
            boolean docsPath = path.equals(SWAGGER_UI) || path.startsWith(SWAGGER_UI + "/");
            if (docsPath && !config.get().docs()) {
                rc.response().setStatusCode(404).putHeader("content-type", Problem.MEDIA_TYPE).end(NOT_FOUND);
            } else {
                rc.next();
            }
        }, 100);
    }
}
