package dev.switchboard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every face quotes bad input back through one rule: at most 64 characters. */
class InputExcerptTest {

    @Test
    void inputUpTo64CharactersIsQuotedWholeAndLongerInputIsCut() {
        String exact = "x".repeat(64);
        assertEquals(exact, InputExcerpt.of(exact));
        assertEquals(exact + "...", InputExcerpt.of(exact + "y"));
        assertEquals("", InputExcerpt.of(null));
    }
}
