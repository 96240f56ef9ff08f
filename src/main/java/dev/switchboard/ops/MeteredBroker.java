package dev.switchboard.ops;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerEvents;
import dev.switchboard.broker.HistoryPolicy;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.broker.HistoryResult;
import dev.switchboard.broker.StreamPosition;
import dev.switchboard.protocol.ClientInfo;
import dev.switchboard.protocol.Publication;
import dev.switchboard.protocol.PublisherInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Wraps the configured broker and times each of its operations ({@code switchboard_broker_operation_seconds}),
 * counts publications, and times the local fan-out of every publication the broker delivers to this node.
 *
 * <p>Publish-to-fan-out ({@code switchboard_publish_fanout_seconds}) runs from the {@code publish} call to the
 * moment the hub has handed the publication to every local subscriber. It is measured when the broker delivers
 * on the publishing thread, as the memory broker does; a broker that delivers later on another thread (through
 * a network round trip) should carry the start time itself.
 */
public final class MeteredBroker implements Broker {

    private static final double[] SLO_SECONDS = { 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1 };

    /** Start of the publish call running on this thread; 0 when none. */
    private static final ThreadLocal<long[]> PUBLISH_START = ThreadLocal.withInitial(() -> new long[1]);

    private final Broker delegate;
    private final OperationTimer publish;
    private final OperationTimer history;
    private final OperationTimer addPresence;
    private final OperationTimer removePresence;
    private final OperationTimer presence;
    private final OperationTimer publishJoin;
    private final OperationTimer publishLeave;
    private final OperationTimer subscribe;
    private final OperationTimer unsubscribe;
    private final Counter publications;
    private final Runnable countPublication;
    private final Timer fanOut;
    private final Timer publishToFanOut;

    public MeteredBroker(Broker delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.publish = new OperationTimer(registry, "publish");
        this.history = new OperationTimer(registry, "history");
        this.addPresence = new OperationTimer(registry, "add_presence");
        this.removePresence = new OperationTimer(registry, "remove_presence");
        this.presence = new OperationTimer(registry, "presence");
        this.publishJoin = new OperationTimer(registry, "publish_join");
        this.publishLeave = new OperationTimer(registry, "publish_leave");
        this.subscribe = new OperationTimer(registry, "subscribe");
        this.unsubscribe = new OperationTimer(registry, "unsubscribe");
        this.publications = Counter.builder("switchboard.publications")
                .description("publications accepted by the broker from this node")
                .register(registry);
        this.countPublication = publications::increment; // made once: no allocation per publish
        this.fanOut = histogram(registry, "switchboard.fanout",
                "time to hand one broker event to every local subscriber of its channel");
        this.publishToFanOut = histogram(registry, "switchboard.publish.fanout",
                "from the broker publish call to the end of the local fan-out of that publication");
    }

    private static Timer histogram(MeterRegistry registry, String name, String description) {
        return Timer.builder(name)
                .description(description)
                .serviceLevelObjectives(slo())
                .register(registry);
    }

    private static java.time.Duration[] slo() {
        java.time.Duration[] buckets = new java.time.Duration[SLO_SECONDS.length];
        for (int i = 0; i < SLO_SECONDS.length; i++) {
            buckets[i] = java.time.Duration.ofNanos((long) (SLO_SECONDS[i] * 1e9));
        }
        return buckets;
    }

    public Broker delegate() {
        return delegate;
    }

    @Override
    public void setEventHandler(BrokerEvents events) {
        delegate.setEventHandler(new TimedEvents(events));
    }

    @Override
    public Uni<StreamPosition> publish(String channel, JsonNode data, PublisherInfo info, HistoryPolicy policy) {
        long[] start = PUBLISH_START.get();
        long t0 = System.nanoTime();
        start[0] = t0;
        Uni<StreamPosition> result;
        try {
            result = delegate.publish(channel, data, info, policy);
        } finally {
            start[0] = 0;
        }
        return publish.time(result, t0).invoke(countPublication);
    }

    @Override
    public Uni<HistoryResult> history(String channel, HistoryQuery query) {
        return history.time(delegate.history(channel, query), System.nanoTime());
    }

    @Override
    public Uni<Void> addPresence(String channel, ClientInfo client) {
        return addPresence.time(delegate.addPresence(channel, client), System.nanoTime());
    }

    @Override
    public Uni<Void> removePresence(String channel, String clientId) {
        return removePresence.time(delegate.removePresence(channel, clientId), System.nanoTime());
    }

    @Override
    public Uni<List<ClientInfo>> presence(String channel) {
        return presence.time(delegate.presence(channel), System.nanoTime());
    }

    @Override
    public Uni<Void> publishJoin(String channel, ClientInfo client) {
        return publishJoin.time(delegate.publishJoin(channel, client), System.nanoTime());
    }

    @Override
    public Uni<Void> publishLeave(String channel, ClientInfo client) {
        return publishLeave.time(delegate.publishLeave(channel, client), System.nanoTime());
    }

    @Override
    public Uni<Void> subscribe(String channel) {
        return subscribe.time(delegate.subscribe(channel), System.nanoTime());
    }

    @Override
    public Uni<Void> unsubscribe(String channel) {
        return unsubscribe.time(delegate.unsubscribe(channel), System.nanoTime());
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public String describeState() {
        return delegate.describeState();
    }

    /**
     * The timers of one operation, success and failure. The clock starts when the operation is called (the memory
     * broker does its work right there) and stops when its Uni completes.
     */
    private static final class OperationTimer {
        private final Timer success;
        private final Timer failure;

        OperationTimer(MeterRegistry registry, String operation) {
            this.success = timer(registry, operation, "success");
            this.failure = timer(registry, operation, "failure");
        }

        private static Timer timer(MeterRegistry registry, String operation, String outcome) {
            return Timer.builder("switchboard.broker.operation")
                    .description("broker operation latency, from the call to its completion")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(slo())
                    .register(registry);
        }

        <T> Uni<T> time(Uni<T> operation, long startNanos) {
            return operation.onItemOrFailure().invoke((item, error) -> (error == null ? success : failure)
                    .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS));
        }
    }

    /** Times the hub's fan-out of each event, and publish-to-fan-out when it runs inside the publish call. */
    private final class TimedEvents implements BrokerEvents {
        private final BrokerEvents events;

        TimedEvents(BrokerEvents events) {
            this.events = events;
        }

        @Override
        public void onPublication(Publication publication) {
            long t0 = System.nanoTime();
            events.onPublication(publication);
            long t1 = System.nanoTime();
            fanOut.record(t1 - t0, TimeUnit.NANOSECONDS);
            long publishStart = PUBLISH_START.get()[0];
            if (publishStart != 0) {
                publishToFanOut.record(t1 - publishStart, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void onJoin(String channel, ClientInfo client) {
            long t0 = System.nanoTime();
            events.onJoin(channel, client);
            fanOut.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onLeave(String channel, ClientInfo client) {
            long t0 = System.nanoTime();
            events.onLeave(channel, client);
            fanOut.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }
}
