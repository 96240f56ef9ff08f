package dev.switchboard.api;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code switchboard.sse.*}: the Server-Sent Events fallback. */
@ConfigMapping(prefix = "switchboard.sse")
public interface SseConfig {

    /** How often a stream gets a comment line ({@code : ping}), so proxies do not close it as idle. */
    @WithDefault("15s")
    Duration heartbeatInterval();
}
