package dev.switchboard.broker;

import java.util.concurrent.TimeUnit;


import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerEvents;
import dev.switchboard.broker.HistoryPolicy;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.broker.HistoryResult;
import dev.switchboard.model.StreamPosition;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.metrics.OperationTimer;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Publication;
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

    /** Start of the publish call running on this thread; 0 when none. */
    private static final ThreadLocal<long[]> PUBLISH_START = ThreadLocal.withInitial(() -> new long[1]);

    private final Broker delegate;
    private final OperationTimer publish;
    private final OperationTimer history;
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
                .serviceLevelObjectives(OperationTimer.SLO)
                .register(registry);
    }

    public Broker delegate() {
        return delegate;
    }

    @Override
    public void setEventHandler(BrokerEvents events) {
        delegate.setEventHandler(new TimedEvents(events));
    }

    @Override
    public Uni<StreamPosition> publish(Publication draft, String exceptClient, HistoryPolicy policy) {
        long[] start = PUBLISH_START.get();
        long t0 = System.nanoTime();
        start[0] = t0;
        Uni<StreamPosition> result;
        try {
            result = delegate.publish(draft, exceptClient, policy);
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

    /** Times the hub's fan-out of each event, and publish-to-fan-out when it runs inside the publish call. */
    private final class TimedEvents implements BrokerEvents {
        private final BrokerEvents events;

        TimedEvents(BrokerEvents events) {
            this.events = events;
        }

        @Override
        public void onEvent(ChannelEvent event) {
            long t0 = System.nanoTime();
            events.onEvent(event);
            long t1 = System.nanoTime();
            fanOut.record(t1 - t0, TimeUnit.NANOSECONDS);
            long publishStart = PUBLISH_START.get()[0];
            if (publishStart != 0 && event.kind() == ChannelEvent.Kind.PUBLICATION) {
                publishToFanOut.record(t1 - publishStart, TimeUnit.NANOSECONDS);
            }
        }

        // Every BrokerEvents method must be forwarded, default ones included: a default left to the interface
        // would silently swallow the event.
        @Override
        public void onDeliveryInterrupted(String channel) {
            events.onDeliveryInterrupted(channel);
        }
    }
}
