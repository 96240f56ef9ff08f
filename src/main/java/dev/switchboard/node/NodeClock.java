package dev.switchboard.node;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/** When this node started, for the uptime that every face (e.g. {@code GET /api/v1/info}) reports. */
@Singleton
@Startup
public class NodeClock {

    private final long startedNanos = System.nanoTime();

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
