package dev.switchboard.hooks.events;

import java.util.Map;

/** The headers that authenticate one body (e.g. an HMAC of it); none for an unsigned output. */
@FunctionalInterface
public interface BodySigner {

    BodySigner NONE = body -> Map.of();

    Map<String, String> headers(byte[] body);
}
