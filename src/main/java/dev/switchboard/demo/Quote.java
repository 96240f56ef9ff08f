package dev.switchboard.demo;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One simulated market quote, the {@code data} of a publication on {@code ticker:<symbol>}.
 *
 * @param changePct change against the session's opening price, in percent
 * @param ts        epoch milliseconds when the quote was made
 */
@RegisterForReflection
public record Quote(String symbol, double price, double open, double changePct, long ts) {
}
