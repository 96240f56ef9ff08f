package dev.switchboard.security;

/**
 * One connection's command rate: a token bucket of {@code burst} tokens refilled at {@code perSecond}. A command
 * over the rate is refused ({@code rate_limited}); a connection that keeps sending after that (more than
 * {@code maxRefusals} refused commands within {@code windowNanos}) is abusive and gets closed with 4029.
 */
public final class CommandRateLimiter {

    public enum Verdict {
        ALLOW, LIMITED, ABUSE
    }

    private final double tokensPerNano;
    private final double burst;
    private final int maxRefusals;
    private final long windowNanos;
    private double tokens;
    private long lastRefill;
    private int refusals;
    private long windowStart;

    public CommandRateLimiter(double perSecond, int burst, int maxRefusals, long windowNanos, long now) {
        this.tokensPerNano = perSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.maxRefusals = maxRefusals;
        this.windowNanos = windowNanos;
        this.tokens = this.burst;
        this.lastRefill = now;
        this.windowStart = now;
    }

    /** Called for every inbound command frame, on the connection's event loop. */
    public synchronized Verdict admit(long now) {
        tokens = Math.min(burst, tokens + (now - lastRefill) * tokensPerNano);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOW;
        }
        if (now - windowStart > windowNanos) {
            windowStart = now;
            refusals = 0;
        }
        refusals++;
        return refusals > maxRefusals ? Verdict.ABUSE : Verdict.LIMITED;
    }
}
