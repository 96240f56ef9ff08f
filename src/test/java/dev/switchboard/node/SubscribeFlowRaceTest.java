package dev.switchboard.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.hooks.ChannelProxies;
import dev.switchboard.hooks.UpgradeHeaders;
import dev.switchboard.hooks.HooksConfig;
import dev.switchboard.hooks.events.HookEvents;
import dev.switchboard.metrics.HookMetrics;
import dev.switchboard.broker.HistoryPolicy;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.broker.MemoryBroker;
import dev.switchboard.channel.CatchUpSubscriber;
import dev.switchboard.channel.Hub;
import dev.switchboard.channel.Namespaces;
import dev.switchboard.metrics.ServerFaults;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Position;
import dev.switchboard.model.StreamPosition;
import dev.switchboard.presence.MemoryOccupancy;
import dev.switchboard.presence.MemoryPresence;
import dev.switchboard.security.ChannelAccess;
import dev.switchboard.security.SecurityConfig;
import dev.switchboard.security.TokenVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The exactly-once subscribe under a real race: publications made from two threads while subscribers join the
 * same channel, through the real MemoryBroker, Hub and SubscribeFlow, with deliveries on two executor threads
 * (like two event loops, so the hub hands an event out a little before it is delivered). Every subscriber must
 * receive every publication after its starting point exactly once, in offset order: from its catch-up or live,
 * never both, never neither.
 *
 * <p>A {@code @QuarkusTest} (default profile: it shares the application start with the other tests of that
 * profile) only so that Mutiny's context propagation finds the classes it expects, as in {@code RedisBrokerTest}:
 * outside Quarkus, in a JVM where Quarkus tests ran, it fails now and then with "ContextManagerProvider already
 * set". The flow under test is built here, not the application's.
 */
@QuarkusTest
class SubscribeFlowRaceTest {

    private static final int ROUNDS = 100;
    private static final int PUBLICATIONS = 300;
    private static final int SUBSCRIBERS = 8;
    private static final HistoryPolicy HISTORY = new HistoryPolicy(10_000, Duration.ofMinutes(5));

    private SimpleMeterRegistry registry;
    private MemoryBroker broker;
    private SubscribeFlow flow;
    private ExecutorService loopA;
    private ExecutorService loopB;
    private ExecutorService workers;
    private Executor busyA;
    private Executor busyB;

    /**
     * An event loop that also serves other connections: each task waits a few microseconds before it runs, so
     * deliveries lag behind the publishers and a subscriber often activates while events handed out before its
     * history read (including the one at its read top) are still queued for it. That is the case the
     * exactly-once rule must drop; without the lag the memory broker is so fast that it hardly ever happens.
     */
    private static Executor busy(ExecutorService loop) {
        return task -> loop.execute(() -> {
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            task.run();
        });
    }

    @BeforeEach
    void start() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SwitchboardConfig.class)
                .withMapping(SecurityConfig.class)
                .withMapping(HooksConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of("switchboard.namespaces.race.history-size", "10000"))
                .build();
        registry = new SimpleMeterRegistry();
        broker = new MemoryBroker();
        Hub hub = new Hub(broker, new ServerFaults(registry));
        broker.setEventHandler(hub); // what the hub's @PostConstruct does on a node
        Namespaces namespaces = new Namespaces(config.getConfigMapping(SwitchboardConfig.class));
        ChannelAccess access = new ChannelAccess(namespaces,
                new TokenVerifier(config.getConfigMapping(SecurityConfig.class)));
        HooksConfig hooks = config.getConfigMapping(HooksConfig.class); // no hook configured: none is called
        MemoryOccupancy occupancy = new MemoryOccupancy();
        flow = new SubscribeFlow(hub, broker, new MemoryPresence(), namespaces, access,
                new ChannelProxies(null, hooks, new UpgradeHeaders(hooks)),
                new HookEvents(hooks, null, null, new HookMetrics(registry), occupancy), occupancy);
        loopA = Executors.newSingleThreadExecutor();
        loopB = Executors.newSingleThreadExecutor();
        busyA = busy(loopA);
        busyB = busy(loopB);
        workers = Executors.newFixedThreadPool(2 + SUBSCRIBERS);
    }

    @AfterEach
    void stop() {
        loopA.shutdownNow();
        loopB.shutdownNow();
        workers.shutdownNow();
    }

    /** A face's subscriber that records the offsets it would send, catch-up first, then live. */
    private static final class Recorder extends CatchUpSubscriber {
        final Executor executor;
        final List<Long> sent = new ArrayList<>(); // under the subscriber's lock
        volatile long readTop = -1;
        volatile long since;

        Recorder(String channel, Executor executor) {
            super(channel);
            this.executor = executor;
        }

        @Override
        public Executor executor() {
            return executor;
        }

        @Override
        protected void push(ChannelEvent event) {
            if (event.kind() == ChannelEvent.Kind.PUBLICATION) {
                sent.add(event.offset());
            }
        }

        synchronized List<Long> sentSoFar() {
            return List.copyOf(sent);
        }
    }

    @Test
    void everySubscriberGetsEachPublicationAfterItsStartExactlyOnceInOrder() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            runRound("race:r" + round);
        }
        assertEquals(0.0, faultCount(registry));
    }

    private void runRound(String channel) throws Exception {
        // One publication before the race, so recovering subscribers have a position (epoch:1) to start after.
        StreamPosition start = broker.publish(channel, IntNode.valueOf(0), null, HISTORY).await().indefinitely();
        assertEquals(1, start.offset());

        AtomicInteger published = new AtomicInteger(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(2 + SUBSCRIBERS);
        List<Recorder> recorders = new ArrayList<>();

        for (int p = 0; p < 2; p++) {
            workers.execute(() -> {
                try {
                    go.await();
                    for (int i = 0; i < PUBLICATIONS / 2; i++) {
                        broker.publish(channel, IntNode.valueOf(i), null, HISTORY).await().indefinitely();
                        published.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            });
        }
        for (int s = 0; s < SUBSCRIBERS; s++) {
            Recorder recorder = new Recorder(channel, s % 2 == 0 ? busyA : busyB);
            recorders.add(recorder);
            // Half recover from offset 1 (catch-up from history, then live), half start at the top they read;
            // each kind on both executors.
            boolean recovers = s % 4 < 2;
            int joinAt = ThreadLocalRandom.current().nextInt(1, PUBLICATIONS + 1);
            workers.execute(() -> {
                try {
                    go.await();
                    while (published.get() < joinAt) {
                        LockSupport.parkNanos(10_000); // not a spin: the publishers need the two cores
                    }
                    Position since = recovers ? new Position(start.epoch(), 1) : null;
                    recorder.since = recovers ? 1 : -1;
                    CatchUp catchUp = flow.join(recorder, since, null).await().atMost(Duration.ofSeconds(5));
                    if (recovers && !catchUp.recovered()) {
                        throw new AssertionError("history of 10,000 must recover offset 1");
                    }
                    recorder.readTop = catchUp.top().offset();
                    recorder.activate(null, catchUp.publications(), catchUp.top().offset());
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            });
        }
        go.countDown();
        if (!finished.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError(channel + ": publishers and subscribers did not finish within 10 s");
        }
        if (failure.get() != null) {
            throw new AssertionError(channel, failure.get());
        }
        long last = 1 + PUBLICATIONS;
        assertEquals(last, broker.history(channel, HistoryQuery.positionOnly()).await().indefinitely().top().offset());
        // Deliveries already handed to the executors: wait until both have run everything queued so far.
        loopA.submit(() -> { }).get(5, TimeUnit.SECONDS);
        loopB.submit(() -> { }).get(5, TimeUnit.SECONDS);

        for (Recorder r : recorders) {
            long from = r.since == 1 ? 2 : r.readTop + 1;
            List<Long> expected = new ArrayList<>();
            for (long offset = from; offset <= last; offset++) {
                expected.add(offset);
            }
            assertEquals(expected, r.sentSoFar(), channel + ", subscriber starting after "
                    + (r.since == 1 ? "offset 1 (recovery)" : "its read top " + r.readTop));
        }
        for (Recorder r : recorders) {
            flow.leave(r, null).await().indefinitely();
        }
    }

    /** Fan-out faults counted so far (the series exists from the first one). */
    private static double faultCount(io.micrometer.core.instrument.MeterRegistry registry) {
        var counter = registry.find("switchboard.server.faults").tag("where", "fan-out").counter();
        return counter == null ? 0 : counter.count();
    }
}
