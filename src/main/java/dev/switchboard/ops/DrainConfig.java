package dev.switchboard.ops;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code switchboard.drain.*}: how a node lets its connections go when it is told to stop (SIGTERM). */
@ConfigMapping(prefix = "switchboard.drain")
public interface DrainConfig {

    /**
     * How long the drain takes. Open connections get {@code disconnect} and close 1001 at times spread over this
     * period, so their clients do not all reconnect to the other nodes at the same instant. The stop waits for
     * the last of them to go, at most this long (readiness is DOWN meanwhile); with none open it goes on at once.
     * 0 closes at once.
     */
    @WithDefault("20s")
    Duration period();
}
