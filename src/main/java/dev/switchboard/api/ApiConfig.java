package dev.switchboard.api;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code switchboard.api.*}: the HTTP API for back ends. docs/configuration.md lists these. */
@ConfigMapping(prefix = "switchboard.api")
public interface ApiConfig {

    /**
     * Keys a back end sends in {@code X-API-Key}. None configured means the API is off: every call gets 401
     * saying how to turn it on. The API is never open without a key.
     */
    Optional<List<String>> keys();

    /** Whether the Swagger UI is served at /q/swagger-ui (the OpenAPI document at /q/openapi always is). */
    @WithDefault("false")
    boolean docs();

    /** Largest request body the API accepts; a larger one gets 413. */
    @WithDefault("65536")
    int maxBodySize();
}
