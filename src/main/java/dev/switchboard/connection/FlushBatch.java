package dev.switchboard.connection;

import java.util.ArrayList;
import java.util.List;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * The connections written to during the current event-loop task, flushed together by one task that runs after
 * it. Frames written in one go (a fan-out task, replies to the commands of one read, several publications queued
 * behind each other) thus leave in one {@code write(2)} per connection instead of one per frame: on loopback and
 * under load the syscall, not the encoding, is what a delivery costs. One batch per event-loop thread.
 */
final class FlushBatch implements Runnable {

    private static final FastThreadLocal<FlushBatch> CURRENT = new FastThreadLocal<>() {
        @Override
        protected FlushBatch initialValue() {
            return new FlushBatch();
        }
    };

    private final List<Outbound> written = new ArrayList<>();
    private boolean scheduled;

    private FlushBatch() {
    }

    /** Flushes {@code outbound} once the current task is over. Called on its event loop only. */
    static void add(Outbound outbound) {
        FlushBatch batch = CURRENT.get();
        batch.written.add(outbound);
        if (!batch.scheduled) {
            batch.scheduled = true;
            outbound.loop().execute(batch);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // By index: a flush can make a connection writable again, and what is written then joins this list.
        for (int i = 0; i < written.size(); i++) {
            written.get(i).flush();
        }
        written.clear();
    }
}
