package dev.switchboard.security;

import io.vertx.core.Vertx;

/**
 * The security state of one open connection: its command rate limiter, the timer that ends it when its token
 * expires, and its place in the connection counts. {@link #release} undoes all of it when the connection closes.
 */
public final class ConnectionSecurity {

    private final ClientIdentity identity;
    private final CommandRateLimiter limiter; // null: no rate limit
    private final ConnectionCount counts;
    private final Vertx vertx;
    private final long expiryTimer; // -1: none
    private boolean released; // a plain field under the monitor: one AtomicBoolean less per connection

    ConnectionSecurity(ClientIdentity identity, CommandRateLimiter limiter, ConnectionCount counts, Vertx vertx,
            long expiryTimer) {
        this.identity = identity;
        this.limiter = limiter;
        this.counts = counts;
        this.vertx = vertx;
        this.expiryTimer = expiryTimer;
    }

    /** Whether one more inbound command may run now. */
    public CommandRateLimiter.Verdict admitCommand() {
        return limiter == null ? CommandRateLimiter.Verdict.ALLOW : limiter.admit(System.nanoTime());
    }

    /** Called once when the connection closes; later calls do nothing. */
    public void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        counts.closed(identity);
    }
}
