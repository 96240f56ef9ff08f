package dev.switchboard.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.ext.web.Router;

/**
 * {@code GET /demo/ticker}: tells the demo page which symbols the simulator publishes, so the page needs no
 * configuration of its own: {@code {"enabled": true, "symbols": ["ACME", ...], "rate": 2.0}}.
 */
@ApplicationScoped
public class TickerRoute {

    @RegisterForReflection
    record TickerInfo(boolean enabled, java.util.List<String> symbols, double rate) {
    }

    private final TickerConfig config;
    private final ObjectMapper mapper;

    TickerRoute(TickerConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void register(@Observes Router router) throws JsonProcessingException {
        // The answer only changes with configuration, so it is encoded once.
        String body = mapper.writeValueAsString(new TickerInfo(config.enabled(), TickerSimulator.channelSymbols(config), config.rate()));
        router.get("/demo/ticker").handler(rc -> rc.response()
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-cache")
                .end(body));
    }
}
