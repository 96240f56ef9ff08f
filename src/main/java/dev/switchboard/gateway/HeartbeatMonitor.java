package dev.switchboard.gateway;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.protocol.CloseCodes;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Pings every session each heartbeat interval and closes with 4009 those from which nothing arrived within the
 * heartbeat timeout. One timer for the whole node: a sweep over the session table is cheaper than a timer per
 * connection, and each session's ping time starts at its own connect time, so pings are spread out.
 */
@Singleton
@Startup
public class HeartbeatMonitor {

    private final SessionRegistry sessions;
    private final Vertx vertx;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long timerId;

    public HeartbeatMonitor(SessionRegistry sessions, Vertx vertx, SwitchboardConfig config) {
        this.sessions = sessions;
        this.vertx = vertx;
        this.intervalNanos = config.heartbeat().interval().toNanos();
        this.timeoutNanos = config.heartbeat().timeout().toNanos();
        long tickMillis = Math.max(100, Math.min(1000, config.heartbeat().interval().toMillis() / 2));
        this.timerId = vertx.setPeriodic(tickMillis, id -> sweep());
    }

    void sweep() {
        long now = System.nanoTime();
        for (ClientSession session : sessions.all()) {
            if (session.isClosing()) {
                continue;
            }
            if (now - session.lastReceivedNanos() > timeoutNanos) {
                session.disconnect(CloseCodes.NO_HEARTBEAT, "no heartbeat");
            } else if (now - session.nextPingNanos() >= 0) {
                session.scheduleNextPing(now + intervalNanos);
                session.ping();
            }
        }
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timerId);
    }
}
