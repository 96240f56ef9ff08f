package dev.switchboard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class QuoteWalkTest {

    @Test
    void quotesCarrySymbolTimeAndChangeAgainstTheOpen() {
        QuoteWalk walk = new QuoteWalk("ACME", 100.0, new SplittableRandom(1));
        Quote q = walk.next(1234L);
        assertEquals("ACME", q.symbol());
        assertEquals(100.0, q.open());
        assertEquals(1234L, q.ts());
        double expectedPct = Math.round((q.price() / 100.0 - 1) * 10_000) / 100.0;
        assertEquals(expectedPct, q.changePct());
        assertEquals(q.price(), Math.round(q.price() * 100) / 100.0, "prices have two decimals");
    }

    @Test
    void theWalkMovesAndStaysPlausibleOverAVeryLongRun() {
        QuoteWalk walk = new QuoteWalk("GLOBEX", 50.0, new SplittableRandom(42));
        Set<Double> distinct = new HashSet<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < 200_000; i++) { // about 28 hours at 2 quotes per second
            Quote q = walk.next(i);
            distinct.add(q.price());
            min = Math.min(min, q.price());
            max = Math.max(max, q.price());
        }
        assertTrue(distinct.size() > 100, "the price moves");
        assertTrue(min > 25 && max < 100, "the pull back keeps the price near its open: " + min + ".." + max);
    }

    @Test
    void sameSeedSamePath() {
        QuoteWalk a = new QuoteWalk("HOOLI", 10.0, new SplittableRandom(7));
        QuoteWalk b = new QuoteWalk("HOOLI", 10.0, new SplittableRandom(7));
        for (int i = 0; i < 100; i++) {
            assertEquals(a.next(i), b.next(i));
        }
    }

    @Test
    void openingPricesArePositiveAndDifferBySymbol() {
        assertTrue(QuoteWalk.openingPriceFor("ACME") > 0);
        assertNotEquals(QuoteWalk.openingPriceFor("ACME"), QuoteWalk.openingPriceFor("INITECH"));
        assertThrows(IllegalArgumentException.class, () -> new QuoteWalk("X", 0, new SplittableRandom()));
    }
}
