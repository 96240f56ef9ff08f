package dev.switchboard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

class ChannelEventTest {

    private static final Publication PUBLICATION = new Publication("chat:room", 7, IntNode.valueOf(42), null);

    /** An encoding that counts its calls and makes a new object each time, so sharing is visible by identity. */
    private static final class Counting implements Encoding<StringBuilder> {
        final String name;
        int calls;

        Counting(String name) {
            this.name = name;
        }

        @Override
        public StringBuilder encode(ChannelEvent event) {
            calls++;
            return new StringBuilder(name).append('@').append(event.offset());
        }
    }

    @Test
    void eachEncodingRunsOnceAndItsResultIsShared() {
        ChannelEvent event = ChannelEvent.publication(PUBLICATION);
        Counting json = new Counting("json");
        StringBuilder first = event.encoded(json);
        for (int i = 0; i < 100; i++) {
            assertSame(first, event.encoded(json), "the same bytes go to every subscriber");
        }
        assertEquals(1, json.calls);
        assertEquals("json@7", first.toString());
    }

    @Test
    void theCacheIsKeyedByEncodingInstanceNotByTypeOrEquality() {
        // Three encodings of one class: each instance is its own wire form with its own cached value; asking for
        // several in turn must not evict or mix them up.
        ChannelEvent event = ChannelEvent.publication(PUBLICATION);
        List<Counting> encodings = List.of(new Counting("a"), new Counting("b"), new Counting("a"));
        List<StringBuilder> firsts = new ArrayList<>();
        for (Counting e : encodings) {
            firsts.add(event.encoded(e));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < encodings.size(); i++) {
                assertSame(firsts.get(i), event.encoded(encodings.get(i)));
            }
        }
        assertNotSame(firsts.get(0), firsts.get(2), "equal names, different instances: encoded separately");
        for (Counting e : encodings) {
            assertEquals(1, e.calls, e.name);
        }
    }

    @Test
    void theCacheBelongsToTheEventNotToThePublication() {
        Counting json = new Counting("json");
        ChannelEvent.publication(PUBLICATION).encoded(json);
        ChannelEvent.publication(PUBLICATION, "conn-1").encoded(json);
        assertEquals(2, json.calls, "two events (e.g. an 'except me' one), two encodings");
    }

    @Test
    void excludesOnlyTheNamedConnection() {
        ChannelEvent exceptMe = ChannelEvent.publication(PUBLICATION, "conn-1");
        assertTrue(exceptMe.excludes("conn-1"));
        assertFalse(exceptMe.excludes("conn-2"));
        assertFalse(exceptMe.excludes(null));

        ChannelEvent forAll = ChannelEvent.publication(PUBLICATION);
        assertFalse(forAll.excludes("conn-1"));
        assertFalse(forAll.excludes(null), "no exception means nobody is excluded, not even a null id");

        ClientInfo client = new ClientInfo("conn-1", "alice", null);
        assertFalse(ChannelEvent.join("chat:room", client).excludes("conn-1"), "joins go to everyone");
        assertFalse(ChannelEvent.leave("chat:room", client).excludes("conn-1"));
    }

    @Test
    void joinAndLeaveAreOutsideTheStream() {
        ClientInfo client = new ClientInfo("conn-1", "alice", null);
        ChannelEvent join = ChannelEvent.join("chat:room", client);
        assertEquals(0, join.offset());
        assertEquals(ChannelEvent.Kind.JOIN, join.kind());
        assertSame(client, join.client());
        assertEquals(7, ChannelEvent.publication(PUBLICATION).offset());
        assertEquals("chat:room", ChannelEvent.publication(PUBLICATION).channel());
    }

    @Test
    void encodedOnceEncodesOnceWhenManyThreadsAskAtTheSameMoment() throws Exception {
        ChannelEvent event = ChannelEvent.publication(PUBLICATION);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Encoding<String> costly = e -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(50); // long enough for every other thread to miss the cache too
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return "deflated@" + e.offset();
        };
        Encoding<String> cheap = e -> "plain@" + e.offset();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<String> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException interrupted) {
                    return;
                }
                // some threads store another encoding meanwhile: that store must not lose the costly one
                results.add(n % 2 == 0 ? event.encodedOnce(costly) : event.encoded(cheap) + event.encodedOnce(costly));
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(5000);
        }
        assertEquals(8, results.size());
        assertEquals(1, calls.get(), "eight threads at once, one encoding");
        assertEquals("deflated@7", event.encodedOnce(costly));
        assertEquals(1, calls.get());
    }
}
