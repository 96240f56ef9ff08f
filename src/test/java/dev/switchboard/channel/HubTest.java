package dev.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.switchboard.broker.BrokerUnavailableException;
import dev.switchboard.broker.HistoryPolicy;
import dev.switchboard.broker.MemoryBroker;
import dev.switchboard.metrics.ServerFaults;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The hub over the real memory broker: publications go through {@code MemoryBroker.publish} to the hub's
 * {@code onEvent}, exactly as on a running node.
 */
class HubTest {

    private static final String CHANNEL = "chat:room";
    private static final HistoryPolicy KEEP = new HistoryPolicy(100, Duration.ofMinutes(5));

    private SimpleMeterRegistry registry;
    private MemoryBroker broker;
    private Hub hub;

    @BeforeEach
    void start() {
        registry = new SimpleMeterRegistry();
        broker = new MemoryBroker();
        hub = new Hub(broker, new ServerFaults(registry));
        hub.listen();
    }

    private double deliveryFailures() {
        return faultCount(registry);
    }

    private void publish(String channel, String text) {
        broker.publish(channel, TextNode.valueOf(text), null, KEEP).await().indefinitely();
    }

    /** A subscriber that records what it gets; optionally throws on every delivery. */
    private static class Recording implements Subscriber {
        final String channel;
        final Executor executor;
        final List<ChannelEvent> received = new CopyOnWriteArrayList<>();
        int interruptions;

        Recording(String channel, Executor executor) {
            this.channel = channel;
            this.executor = executor;
        }

        @Override
        public String channel() {
            return channel;
        }

        @Override
        public Executor executor() {
            return executor;
        }

        @Override
        public void deliver(ChannelEvent event) {
            received.add(event);
        }

        @Override
        public void interrupted() {
            interruptions++;
        }

        List<Long> offsets() {
            return received.stream().map(ChannelEvent::offset).toList();
        }
    }

    /** An event loop stand-in the test drives: keeps each task handed to it and runs them on request, in order. */
    private static final class TaskQueue implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();
        int handedOut;

        @Override
        public void execute(Runnable task) {
            handedOut++;
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private static void assertNotDone(UniAssertSubscriber<Void> add, String why) {
        try {
            add.assertNotTerminated();
        } catch (AssertionError e) {
            throw new AssertionError(why, e);
        }
    }

    private void add(Subscriber subscriber) {
        hub.add(subscriber).await().indefinitely();
    }

    @Test
    void oneEventBecomesOneTaskPerExecutorCarryingAllOfItsSubscribers() {
        TaskQueue loopA = new TaskQueue();
        TaskQueue loopB = new TaskQueue();
        List<Recording> onA = List.of(new Recording(CHANNEL, loopA), new Recording(CHANNEL, loopA),
                new Recording(CHANNEL, loopA));
        Recording onB = new Recording(CHANNEL, loopB);
        onA.forEach(this::add);
        add(onB);

        publish(CHANNEL, "one");
        publish(CHANNEL, "two");
        assertEquals(2, loopA.handedOut, "one task per event for loop A's three subscribers");
        assertEquals(2, loopB.handedOut);
        assertTrue(onB.received.isEmpty(), "delivery runs on the subscriber's executor, not the publisher's thread");

        loopA.runAll();
        loopB.runAll();
        for (Recording r : onA) {
            assertEquals(List.of(1L, 2L), r.offsets());
        }
        assertEquals(List.of(1L, 2L), onB.offsets());
    }

    @Test
    void eventsGoOnlyToTheirChannelsSubscribersAndNotAfterRemove() {
        Recording here = new Recording(CHANNEL, Subscriber.INLINE);
        Recording elsewhere = new Recording("chat:other", Subscriber.INLINE);
        add(here);
        add(elsewhere);
        publish(CHANNEL, "a");
        hub.remove(here).await().indefinitely();
        publish(CHANNEL, "b");
        assertEquals(List.of(1L), here.offsets());
        assertTrue(elsewhere.received.isEmpty());
        assertEquals(0, hub.subscriberCount(CHANNEL));
        assertEquals(1, hub.channelCount(), "the emptied channel is gone, the other one stays");
    }

    @Test
    void aThrowingSubscriberIsCountedOnceAndTheOthersStillGetTheEvent() {
        // Six subscribers in one executor group (one set, iterated in no fixed order): wherever the failing one
        // falls, all five others must receive the event.
        List<Recording> healthy = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            healthy.add(new Recording(CHANNEL, Subscriber.INLINE));
        }
        Recording broken = new Recording(CHANNEL, Subscriber.INLINE) {
            @Override
            public void deliver(ChannelEvent event) {
                super.deliver(event);
                throw new IllegalStateException("this encoding cannot represent the event");
            }
        };
        healthy.subList(0, 2).forEach(this::add);
        add(broken);
        healthy.subList(2, 5).forEach(this::add);
        assertEquals(0.0, deliveryFailures(), "the series exists at 0 from the start");

        publish(CHANNEL, "one");
        assertEquals(1.0, deliveryFailures(), "one failed delivery, counted once");
        publish(CHANNEL, "two");
        assertEquals(2.0, deliveryFailures());
        for (Recording r : healthy) {
            assertEquals(List.of(1L, 2L), r.offsets());
        }
        assertEquals(List.of(1L, 2L), broken.offsets(), "the failing subscriber was still offered each event");
    }

    @Test
    void anEventIsEncodedOncePerEncodingForAllItsSubscribers() {
        AtomicInteger jsonCalls = new AtomicInteger();
        AtomicInteger otherCalls = new AtomicInteger();
        Encoding<String> json = event -> {
            jsonCalls.incrementAndGet();
            return "json@" + event.offset();
        };
        Encoding<String> other = event -> {
            otherCalls.incrementAndGet();
            return "other@" + event.offset();
        };
        TaskQueue loopA = new TaskQueue();
        TaskQueue loopB = new TaskQueue();
        List<String> written = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            // like a face's subscriber: ask the event for this subscriber's wire form and send that
            Encoding<String> encoding = i < 8 ? json : other;
            add(new Recording(CHANNEL, i % 2 == 0 ? loopA : loopB) {
                @Override
                public void deliver(ChannelEvent event) {
                    written.add(event.encoded(encoding));
                }
            });
        }

        publish(CHANNEL, "hello");
        loopA.runAll();
        loopB.runAll();
        assertEquals(10, written.size());
        assertEquals(8, written.stream().filter("json@1"::equals).count());
        assertEquals(2, written.stream().filter("other@1"::equals).count());
        assertEquals(1, jsonCalls.get(), "eight subscribers of one encoding, one encoding call");
        assertEquals(1, otherCalls.get());
    }

    @Test
    void interruptedDeliveryReachesEverySubscriberOfThatChannelOnly() {
        Recording a = new Recording(CHANNEL, new TaskQueue());
        Recording b = new Recording(CHANNEL, Subscriber.INLINE);
        Recording other = new Recording("chat:other", Subscriber.INLINE);
        add(a);
        add(b);
        add(other);
        hub.onDeliveryInterrupted(CHANNEL);
        assertEquals(1, a.interruptions);
        assertEquals(1, b.interruptions);
        assertEquals(0, other.interruptions);
    }

    /**
     * A memory broker whose channel subscriptions are confirmed when the test says so, as a Redis broker's are
     * when the SUBSCRIBE reply arrives. Records the subscribe/unsubscribe calls in the order they were made.
     */
    private static final class SlowConfirmBroker extends MemoryBroker {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> confirmations = new CopyOnWriteArrayList<>();

        @Override
        public Uni<Void> subscribe(String channel) {
            calls.add("subscribe " + channel);
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            confirmations.add(confirmed);
            return Uni.createFrom().completionStage(confirmed);
        }

        @Override
        public Uni<Void> unsubscribe(String channel) {
            calls.add("unsubscribe " + channel);
            return Uni.createFrom().voidItem();
        }
    }

    @Test
    void subscribersAddedWhileTheBrokerSubscriptionIsPendingShareItAndWaitForIt() {
        SlowConfirmBroker slow = new SlowConfirmBroker();
        Hub slowHub = new Hub(slow, new ServerFaults(registry));
        slowHub.listen();
        Recording first = new Recording(CHANNEL, Subscriber.INLINE);
        Recording second = new Recording(CHANNEL, Subscriber.INLINE);

        UniAssertSubscriber<Void> firstAdd = slowHub.add(first).subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> secondAdd = slowHub.add(second).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertEquals(List.of("subscribe " + CHANNEL), slow.calls, "one broker subscription for the channel");
        assertNotDone(firstAdd, "a history read now could miss a publication");
        assertNotDone(secondAdd, "the second subscriber waits for the same confirmation");
        assertEquals(2, slowHub.subscriberCount(CHANNEL));

        slow.confirmations.get(0).complete(null);
        firstAdd.assertCompleted();
        secondAdd.assertCompleted();
    }

    @Test
    void removingOneOfTwoSubscribersWhilePendingKeepsTheBrokerSubscription() {
        SlowConfirmBroker slow = new SlowConfirmBroker();
        Hub slowHub = new Hub(slow, new ServerFaults(registry));
        slowHub.listen();
        Recording leaving = new Recording(CHANNEL, Subscriber.INLINE);
        Recording staying = new Recording(CHANNEL, Subscriber.INLINE);
        slowHub.add(leaving).subscribe().with(x -> { });
        UniAssertSubscriber<Void> stayingAdd = slowHub.add(staying).subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        slowHub.remove(leaving).await().indefinitely();
        assertEquals(List.of("subscribe " + CHANNEL), slow.calls, "a subscriber is left: no unsubscribe");
        slow.confirmations.get(0).complete(null);
        stayingAdd.assertCompleted();

        slow.publish(CHANNEL, TextNode.valueOf("x"), null, KEEP).await().indefinitely();
        assertEquals(List.of(1L), staying.offsets());
        assertTrue(leaving.received.isEmpty());
    }

    @Test
    void removeAndAddAgainWhilePendingEndsSubscribedWithAFreshBrokerSubscription() {
        SlowConfirmBroker slow = new SlowConfirmBroker();
        Hub slowHub = new Hub(slow, new ServerFaults(registry));
        slowHub.listen();
        Recording gone = new Recording(CHANNEL, Subscriber.INLINE);
        slowHub.add(gone).subscribe().with(x -> { });
        slowHub.remove(gone).await().indefinitely();
        Recording back = new Recording(CHANNEL, Subscriber.INLINE);
        UniAssertSubscriber<Void> backAdd = slowHub.add(back).subscribe().withSubscriber(UniAssertSubscriber.create());

        // The last call to the broker is a subscribe: the node ends subscribed, whatever the first one does.
        assertEquals(List.of("subscribe " + CHANNEL, "unsubscribe " + CHANNEL, "subscribe " + CHANNEL), slow.calls);
        slow.confirmations.get(0).complete(null);
        assertNotDone(backAdd, "the new subscriber waits for its own subscription, not the old one");
        slow.confirmations.get(1).complete(null);
        backAdd.assertCompleted();
        assertEquals(1, slowHub.subscriberCount(CHANNEL));
    }

    @Test
    void aFailedBrokerSubscriptionFailsEveryAddWaitingForIt() {
        SlowConfirmBroker slow = new SlowConfirmBroker();
        Hub slowHub = new Hub(slow, new ServerFaults(registry));
        slowHub.listen();
        UniAssertSubscriber<Void> a = slowHub.add(new Recording(CHANNEL, Subscriber.INLINE)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> b = slowHub.add(new Recording(CHANNEL, Subscriber.INLINE)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        slow.confirmations.get(0).completeExceptionally(new BrokerUnavailableException("redis: connection refused"));
        assertInstanceOf(BrokerUnavailableException.class, a.assertFailed().getFailure());
        assertInstanceOf(BrokerUnavailableException.class, b.assertFailed().getFailure());
    }

    /** Fan-out faults counted so far (the series exists from the first one). */
    private static double faultCount(io.micrometer.core.instrument.MeterRegistry registry) {
        var counter = registry.find("switchboard.server.faults").tag("where", "fan-out").counter();
        return counter == null ? 0 : counter.count();
    }
}
