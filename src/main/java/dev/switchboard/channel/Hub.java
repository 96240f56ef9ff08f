package dev.switchboard.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerEvents;
import dev.switchboard.metrics.ServerFaults;
import dev.switchboard.model.ChannelEvent;
import io.smallrye.mutiny.Uni;

/**
 * This node's channel table: which local subscribers each channel has, whatever protocol they speak. Receives the
 * broker's protocol-neutral events and fans each out to the channel's local subscribers; each subscriber asks the
 * event for its own wire form, which the event makes once for all subscribers of that form
 * ({@link ChannelEvent#encoded}). A channel's subscribers are grouped by the executor they run on (their
 * connection's event loop): one event becomes one task per event loop, so both cores share a large fan-out and
 * no thread writes to another loop's sockets.
 *
 * <p>One subscriber's failure never costs the others their delivery: a delivery that throws is counted, logged
 * at most once a minute per cause ({@link ServerFaults}, {@code where="fan-out"}), and the loop goes on: 10,000
 * subscribers failing alike cost one log line.
 */
@Singleton
public class Hub implements BrokerEvents {

    private final Broker broker;
    private final ServerFaults faults;
    private final Map<String, LocalChannel> channels = new ConcurrentHashMap<>();
    private final List<ChannelActivity> activity;
    /** Which channels keep a {@link DeltaChain}; null: none (hubs built without configuration, in tests). */
    private final Namespaces namespaces;

    /**
     * A channel with local subscribers, and the broker subscription they share. Later subscribers wait for the
     * same broker subscription as the first one: until it is confirmed, a history read could miss a
     * publication. {@code delta} is null unless the channel's namespace has deltas on.
     */
    private record LocalChannel(Map<Executor, Set<Subscriber>> byExecutor,
            CompletableFuture<Void> brokerSubscription, DeltaChain delta) {

        /** Changed only inside {@code channels.compute} for this channel, so never concurrently. */
        void add(Subscriber subscriber) {
            byExecutor.computeIfAbsent(subscriber.executor(), executor -> ConcurrentHashMap.newKeySet())
                    .add(subscriber);
        }

        /** True when the channel has no subscriber left. */
        boolean remove(Subscriber subscriber) {
            Set<Subscriber> group = byExecutor.get(subscriber.executor());
            if (group != null && group.remove(subscriber) && group.isEmpty()) {
                byExecutor.remove(subscriber.executor());
            }
            return byExecutor.isEmpty();
        }

        int size() {
            int size = 0;
            for (Set<Subscriber> group : byExecutor.values()) {
                size += group.size();
            }
            return size;
        }
    }

    public Hub(Broker broker, ServerFaults faults) {
        this(broker, faults, List.of(), null);
    }

    @Inject
    public Hub(Broker broker, ServerFaults faults, Instance<ChannelActivity> activity, Namespaces namespaces) {
        this(broker, faults, activity.stream().toList(), namespaces);
    }

    Hub(Broker broker, ServerFaults faults, List<ChannelActivity> activity, Namespaces namespaces) {
        this.broker = broker;
        this.faults = faults;
        this.activity = List.copyOf(activity);
        this.namespaces = namespaces;
    }

    @PostConstruct
    void listen() {
        broker.setEventHandler(this);
    }

    /**
     * Adds a subscriber. Completes once the broker delivers the channel's events to this node, so that a
     * history read made afterwards cannot miss a publication.
     */
    public Uni<Void> add(Subscriber subscriber) {
        // The broker call is started inside compute(): the channel's lock orders it after an unsubscribe of the
        // same channel that a concurrent remove() started, so the broker never ends up unsubscribed.
        LocalChannel local = channels.compute(subscriber.channel(), (channel, existing) -> {
            LocalChannel c = existing;
            if (c == null) {
                c = new LocalChannel(new ConcurrentHashMap<>(4), broker.subscribe(channel).subscribeAsCompletionStage(),
                        namespaces != null && namespaces.of(channel).delta() ? new DeltaChain() : null);
                for (ChannelActivity listener : activity) {
                    listener.occupied(channel);
                }
            }
            c.add(subscriber);
            int count = c.size();
            for (ChannelActivity listener : activity) {
                listener.subscribers(channel, count);
            }
            return c;
        });
        return Uni.createFrom().completionStage(local.brokerSubscription());
    }

    public Uni<Void> remove(Subscriber subscriber) {
        List<CompletableFuture<Void>> unsubscribe = new ArrayList<>(1);
        channels.computeIfPresent(subscriber.channel(), (channel, local) -> {
            if (local.remove(subscriber)) {
                unsubscribe.add(broker.unsubscribe(channel).subscribeAsCompletionStage());
                for (ChannelActivity listener : activity) {
                    listener.vacated(channel);
                    listener.subscribers(channel, 0);
                }
                return null;
            }
            int count = local.size();
            for (ChannelActivity listener : activity) {
                listener.subscribers(channel, count);
            }
            return local;
        });
        return unsubscribe.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(unsubscribe.get(0));
    }

    public int channelCount() {
        return channels.size();
    }

    public int subscriberCount(String channel) {
        LocalChannel local = channels.get(channel);
        return local == null ? 0 : local.size();
    }

    public int subscriptionCount() {
        int total = 0;
        for (LocalChannel local : channels.values()) {
            total += local.size();
        }
        return total;
    }

    @Override
    public void onEvent(ChannelEvent event) {
        LocalChannel local = channels.get(event.channel());
        if (local == null) {
            return;
        }
        if (local.delta() != null && event.kind() == ChannelEvent.Kind.PUBLICATION) {
            local.delta().link(event); // before any subscriber sees the event
        }
        for (Map.Entry<Executor, Set<Subscriber>> group : local.byExecutor().entrySet()) {
            Set<Subscriber> subscribers = group.getValue();
            // Executors run tasks in the order they were given, and one channel's events are handed out in
            // offset order, so each subscriber still sees its channel in offset order.
            group.getKey().execute(() -> deliver(event, subscribers));
        }
    }

    private void deliver(ChannelEvent event, Set<Subscriber> subscribers) {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.deliver(event);
            } catch (RuntimeException e) {
                faults.record("fan-out", e);
            }
        }
    }

    @Override
    public void onDeliveryInterrupted(String channel) {
        LocalChannel local = channels.get(channel);
        if (local != null) {
            for (Set<Subscriber> group : local.byExecutor().values()) {
                for (Subscriber subscriber : group) {
                    subscriber.interrupted();
                }
            }
        }
    }

}
