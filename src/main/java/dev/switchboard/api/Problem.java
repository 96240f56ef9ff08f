package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail: what every error of the HTTP API, /sse and /poll answers, as
 * {@code application/problem+json}. {@code type} is a stable identifier ({@code urn:switchboard:problem:<slug>},
 * listed in docs/api.md) that programs can switch on; {@code detail} tells a developer what to change.
 */
@RegisterForReflection
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:switchboard:problem:" + slug, title, status, detail);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a problem", e);
        }
    }
}
