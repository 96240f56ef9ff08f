package dev.switchboard.broker;

import java.security.SecureRandom;

/**
 * New stream epochs: 8 random characters of {@code A-Z a-z 0-9} (47 bits). An epoch only has to differ from every
 * earlier epoch of the same channel, so a client never takes a new stream for the one it knew; a secure source
 * keeps separate nodes and restarts from ever drawing the same sequence.
 */
public final class Epochs {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Epochs() {
    }

    public static String next() {
        char[] chars = new char[8];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
