package dev.switchboard.demo;

import java.util.random.RandomGenerator;

/**
 * The price path of one symbol: a geometric random walk with a slight pull back to the opening price, so a demo
 * left running for days still shows plausible numbers instead of drifting to zero or to the moon.
 */
public final class QuoteWalk {

    private static final double VOLATILITY = 0.0015; // per step, relative
    private static final double PULL_BACK = 0.002;   // fraction of the distance to the open recovered per step

    private final String symbol;
    private final double open;
    private final RandomGenerator random;
    private double price;

    public QuoteWalk(String symbol, double open, RandomGenerator random) {
        if (!(open > 0)) {
            throw new IllegalArgumentException("opening price must be positive: " + open);
        }
        this.symbol = symbol;
        this.open = round(open);
        this.random = random;
        this.price = this.open;
    }

    /** A plausible opening price derived from the symbol, so the same symbol always opens near the same level. */
    public static double openingPriceFor(String symbol) {
        int h = Math.floorMod(symbol.hashCode(), 4000);
        return 20 + h / 10.0;
    }

    public String symbol() {
        return symbol;
    }

    /** Moves the price one step and returns the quote made at {@code nowMillis}. */
    public Quote next(long nowMillis) {
        double drift = PULL_BACK * Math.log(open / price);
        double step = drift + VOLATILITY * random.nextGaussian();
        price = Math.max(0.01, round(price * Math.exp(step)));
        double changePct = Math.round((price / open - 1) * 10_000) / 100.0;
        return new Quote(symbol, price, open, changePct, nowMillis);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
