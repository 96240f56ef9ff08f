package dev.switchboard.channel;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerEvents;
import dev.switchboard.protocol.ClientInfo;
import dev.switchboard.protocol.Publication;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.SharedFrame;
import io.smallrye.mutiny.Uni;

/**
 * This node's channel table: which local subscribers each channel has. Receives the broker's events and fans
 * each out to the channel's local subscribers, encoding the frame once for all of them.
 */
@Singleton
public class Hub implements BrokerEvents {

    private final Broker broker;
    private final Map<String, Set<Subscriber>> channels = new ConcurrentHashMap<>();

    public Hub(Broker broker) {
        this.broker = broker;
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
        AtomicBoolean first = new AtomicBoolean();
        channels.compute(subscriber.channel(), (channel, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                first.set(true);
            }
            set.add(subscriber);
            return set;
        });
        return first.get() ? broker.subscribe(subscriber.channel()) : Uni.createFrom().voidItem();
    }

    public Uni<Void> remove(Subscriber subscriber) {
        AtomicBoolean last = new AtomicBoolean();
        channels.computeIfPresent(subscriber.channel(), (channel, set) -> {
            set.remove(subscriber);
            if (set.isEmpty()) {
                last.set(true);
                return null;
            }
            return set;
        });
        return last.get() ? broker.unsubscribe(subscriber.channel()) : Uni.createFrom().voidItem();
    }

    public int channelCount() {
        return channels.size();
    }

    public int subscriberCount(String channel) {
        Set<Subscriber> set = channels.get(channel);
        return set == null ? 0 : set.size();
    }

    public int subscriptionCount() {
        int total = 0;
        for (Set<Subscriber> set : channels.values()) {
            total += set.size();
        }
        return total;
    }

    @Override
    public void onPublication(Publication publication) {
        fanOut(publication.channel(), publication.offset(), ServerFrame.PublicationPush.of(publication));
    }

    @Override
    public void onJoin(String channel, ClientInfo client) {
        fanOut(channel, 0, new ServerFrame.Join(channel, client));
    }

    @Override
    public void onLeave(String channel, ClientInfo client) {
        fanOut(channel, 0, new ServerFrame.Leave(channel, client));
    }

    private void fanOut(String channel, long offset, ServerFrame frame) {
        Set<Subscriber> subscribers = channels.get(channel);
        if (subscribers == null) {
            return;
        }
        SharedFrame shared = new SharedFrame(frame);
        for (Subscriber subscriber : subscribers) {
            subscriber.deliver(offset, shared);
        }
    }
}
