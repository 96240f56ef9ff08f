package dev.switchboard.security;

import static dev.switchboard.security.CommandRateLimiter.Verdict.ABUSE;
import static dev.switchboard.security.CommandRateLimiter.Verdict.ALLOW;
import static dev.switchboard.security.CommandRateLimiter.Verdict.LIMITED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves, so every number is exact. */
class CommandRateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** An arbitrary start: System.nanoTime() can be any value, negative too. */
    private static final long T0 = -5 * SECOND;

    @Test
    void aFullBucketAllowsExactlyTheBurstAtOnce() {
        CommandRateLimiter limiter = new CommandRateLimiter(10, 5, 100, 10 * SECOND, T0);
        for (int i = 0; i < 5; i++) {
            assertEquals(ALLOW, limiter.admit(T0), "command " + (i + 1) + " of the burst");
        }
        assertEquals(LIMITED, limiter.admit(T0));
    }

    @Test
    void theBucketRefillsAtTheRateAndNoFurtherThanTheBurst() {
        CommandRateLimiter limiter = new CommandRateLimiter(10, 5, 100, 10 * SECOND, T0); // one token per 100 ms
        for (int i = 0; i < 5; i++) {
            limiter.admit(T0);
        }
        assertEquals(LIMITED, limiter.admit(T0 + 99 * MS), "not a whole token yet");
        assertEquals(ALLOW, limiter.admit(T0 + 100 * MS));
        assertEquals(LIMITED, limiter.admit(T0 + 100 * MS));
        assertEquals(ALLOW, limiter.admit(T0 + 350 * MS), "2.5 tokens refilled since: two commands");
        assertEquals(ALLOW, limiter.admit(T0 + 350 * MS));
        assertEquals(LIMITED, limiter.admit(T0 + 350 * MS));

        // A long quiet time refills to the burst, not beyond: an hour idle does not buy 36,000 commands.
        long later = T0 + 3600 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertEquals(ALLOW, limiter.admit(later));
        }
        assertEquals(LIMITED, limiter.admit(later));
    }

    @Test
    void aBurstBelowOneStillAllowsOneCommand() {
        CommandRateLimiter limiter = new CommandRateLimiter(1, 0, 100, SECOND, T0);
        assertEquals(ALLOW, limiter.admit(T0));
        assertEquals(LIMITED, limiter.admit(T0));
    }

    @Test
    void moreRefusalsThanAllowedWithinTheWindowIsAbuse() {
        CommandRateLimiter limiter = new CommandRateLimiter(1, 1, 3, 10 * SECOND, T0);
        assertEquals(ALLOW, limiter.admit(T0));
        assertEquals(LIMITED, limiter.admit(T0 + MS));
        assertEquals(LIMITED, limiter.admit(T0 + 2 * MS));
        assertEquals(LIMITED, limiter.admit(T0 + 3 * MS), "the third refusal is still only a refusal");
        assertEquals(ABUSE, limiter.admit(T0 + 4 * MS), "the fourth within the window: disconnect");
    }

    @Test
    void refusalsSpreadOverMoreThanTheWindowAreNotAbuse() {
        // One token per second, three refusals per 10 s window allowed. A client that hits the limit now and then
        // (every 4 s) starts a new window before it collects a fourth refusal.
        CommandRateLimiter limiter = new CommandRateLimiter(1, 1, 3, 10 * SECOND, T0);
        long now = T0;
        assertEquals(ALLOW, limiter.admit(now));
        for (int i = 0; i < 12; i++) {
            now += 4 * SECOND;
            assertEquals(ALLOW, limiter.admit(now));
            assertEquals(LIMITED, limiter.admit(now), "refusal " + (i + 1) + " at +" + (now - T0) / SECOND + " s");
        }
    }

    @Test
    void allowedCommandsDoNotClearTheRefusalCountWithinTheWindow() {
        // The window counts refusals since it started: a client alternating one allowed command with refused ones
        // reaches the abuse verdict within the window all the same.
        CommandRateLimiter limiter = new CommandRateLimiter(1, 1, 2, 10 * SECOND, T0);
        assertEquals(ALLOW, limiter.admit(T0));
        assertEquals(LIMITED, limiter.admit(T0));
        assertEquals(ALLOW, limiter.admit(T0 + SECOND));
        assertEquals(LIMITED, limiter.admit(T0 + SECOND));
        assertEquals(ALLOW, limiter.admit(T0 + 2 * SECOND));
        assertEquals(ABUSE, limiter.admit(T0 + 2 * SECOND));
    }
}
