package dev.switchboard.pusher;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Pusher-style socket ids ({@code <digits>.<digits>}, which the server SDKs check): two random numbers, about 60
 * bits together, so ids made on different nodes do not collide in practice. They are also the core's connection
 * ids (presence entries, "every one but this connection").
 */
final class SocketIds {

    private static final int BOUND = 1_000_000_000;

    private SocketIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return random.nextInt(1, BOUND) + "." + random.nextInt(1, BOUND);
    }
}
