package dev.switchboard.hooks.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The event queue's bound (it refuses instead of blocking, even when many threads offer at once) and the backoff. */
class HookEventQueueTest {

    private static HookEvent event(int n) {
        return new HookEvent("id-" + n, EventKind.CONNECTED, n, "c" + n, null, "native", null, null, null, null, null);
    }

    @Test
    void aFullQueueRefusesAndKeepsOrder() {
        EventQueue queue = new EventQueue(3);
        assertTrue(queue.offer(event(1)));
        assertTrue(queue.offer(event(2)));
        assertTrue(queue.offer(event(3)));
        assertFalse(queue.offer(event(4)), "over capacity");
        assertEquals(List.of("id-1", "id-2"), queue.take(2).stream().map(HookEvent::id).toList());
        assertTrue(queue.offer(event(5)), "room again after a take");
        assertEquals(List.of("id-3", "id-5"), queue.take(10).stream().map(HookEvent::id).toList());
        assertTrue(queue.take(10).isEmpty());
        assertEquals(0, queue.size());
    }

    @Test
    void concurrentProducersNeverPassTheBound() throws InterruptedException {
        EventQueue queue = new EventQueue(1000);
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    if (queue.offer(event(i))) {
                        accepted.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1000, accepted.get());
        assertEquals(1000, queue.take(5000).size());
    }

    @Test
    void backoffDoublesUpToTheMaximumWithJitterInTheUpperHalf() {
        EventDelivery delivery = new EventDelivery(null, null, "http://unused", new EventQueue(1), null,
                new EventSigner(List.of()), null, 10, Duration.ofSeconds(1), Duration.ofMillis(100),
                Duration.ofMillis(1000));
        long[] ceilings = { 100, 200, 400, 800, 1000, 1000 };
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            for (int i = 0; i < 200; i++) {
                long delay = delivery.backoff(attempt);
                long ceiling = ceilings[attempt - 1];
                assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay);
            }
        }
        assertTrue(delivery.backoff(1000) <= 1000, "no overflow after many attempts");
    }
}
