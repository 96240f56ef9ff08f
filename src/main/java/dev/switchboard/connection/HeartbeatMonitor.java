package dev.switchboard.connection;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.model.CloseCodes;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Pings every connection, of every protocol, each heartbeat interval and closes with 4009 those from which nothing arrived within the
 * heartbeat timeout. One timer for the whole node: a sweep over the connection table is cheaper than a timer per
 * connection, and each connection's ping time starts at its own connect time, so pings are spread out.
 */
@Singleton
@Startup
public class HeartbeatMonitor {

    private final ConnectionRegistry connections;
    private final Vertx vertx;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long timerId;

    public HeartbeatMonitor(ConnectionRegistry connections, Vertx vertx, SwitchboardConfig config) {
        this.connections = connections;
        this.vertx = vertx;
        this.intervalNanos = config.heartbeat().interval().toNanos();
        this.timeoutNanos = config.heartbeat().timeout().toNanos();
        long tickMillis = Math.max(100, Math.min(1000, config.heartbeat().interval().toMillis() / 2));
        this.timerId = vertx.setPeriodic(tickMillis, id -> sweep());
    }

    void sweep() {
        long now = System.nanoTime();
        for (Connection connection : connections.all()) {
            if (connection.isClosing()) {
                continue;
            }
            if (now - connection.lastReceivedNanos() > timeoutNanos) {
                connection.disconnect(CloseCodes.NO_HEARTBEAT, "no heartbeat");
            } else if (now - connection.nextPingNanos() >= 0) {
                connection.scheduleNextPing(now + intervalNanos);
                connection.ping();
            }
        }
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timerId);
    }
}
