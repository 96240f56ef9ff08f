package dev.switchboard.hooks.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's bounded queue of events not yet handed to the sender. Lock-free: producers are event loops, which
 * must never wait, so a full queue refuses the event at once (the caller counts it dropped) instead of blocking.
 */
final class EventQueue {

    private final ConcurrentLinkedQueue<HookEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    EventQueue(int capacity) {
        this.capacity = capacity;
    }

    /** False when the queue is full; the event is then not kept. */
    boolean offer(HookEvent event) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        events.add(event);
        return true;
    }

    /** Takes up to {@code max} events, oldest first; an empty list when there are none. */
    List<HookEvent> take(int max) {
        List<HookEvent> batch = new ArrayList<>(Math.min(max, Math.max(1, size.get())));
        HookEvent event;
        while (batch.size() < max && (event = events.poll()) != null) {
            size.decrementAndGet();
            batch.add(event);
        }
        return batch;
    }

    int size() {
        return size.get();
    }
}
