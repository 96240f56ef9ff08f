package dev.switchboard.broker;

import dev.switchboard.model.StreamPosition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Publication;
import io.smallrye.mutiny.Uni;

/**
 * The single-node broker: streams in this process's memory. Epochs are new for every stream this
 * process creates, so clients learn after a restart that history was lost ({@code recovered: false}).
 *
 * <p>Appending a publication and handing it to the node happen under the stream's lock, so subscribers see a
 * channel's publications in offset order, and a history read (also under that lock) splits publications cleanly
 * into "already in history" and "will be delivered": the basis of the exactly-once subscribe.
 */
public class MemoryBroker implements Broker {

    /** A stream with no retained history and no publication for this long is forgotten. */
    static final Duration IDLE_STREAM_TTL = Duration.ofHours(1);

    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private final Map<String, MemoryStream> streams = new ConcurrentHashMap<>();
    private volatile BrokerEvents events = NoEvents.INSTANCE;

    @Override
    public void setEventHandler(BrokerEvents events) {
        this.events = events;
    }

    @Override
    public Uni<StreamPosition> publish(Publication draft, String exceptClient, HistoryPolicy policy) {
        MemoryStream stream = streams.computeIfAbsent(draft.channel(), c -> new MemoryStream());
        StreamPosition position;
        synchronized (stream) {
            Publication publication = draft.at(stream.nextOffset());
            stream.append(publication, policy, System.nanoTime());
            position = stream.position();
            events.onEvent(ChannelEvent.publication(publication, exceptClient));
        }
        return Uni.createFrom().item(position);
    }

    @Override
    public Uni<HistoryResult> history(String channel, HistoryQuery query) {
        MemoryStream stream = streams.computeIfAbsent(channel, c -> new MemoryStream());
        synchronized (stream) {
            return Uni.createFrom().item(stream.read(query, System.nanoTime()));
        }
    }

    @Override
    public Uni<Void> publishJoin(String channel, ClientInfo client) {
        events.onEvent(ChannelEvent.join(channel, client));
        return DONE;
    }

    @Override
    public Uni<Void> publishLeave(String channel, ClientInfo client) {
        events.onEvent(ChannelEvent.leave(channel, client));
        return DONE;
    }

    @Override
    public Uni<Void> subscribe(String channel) {
        return DONE; // one node: every publication already reaches this node's events handler
    }

    @Override
    public Uni<Void> unsubscribe(String channel) {
        return DONE;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public String describeState() {
        return "memory: " + streams.size() + " streams";
    }

    /** Forgets streams that hold no history and saw no publication for {@link #IDLE_STREAM_TTL}. */
    public int forgetIdleStreams() {
        long now = System.nanoTime();
        int[] removed = { 0 };
        streams.forEach((channel, stream) -> streams.computeIfPresent(channel, (c, s) -> {
            synchronized (s) {
                boolean idle = now - s.lastPublishNanos() > IDLE_STREAM_TTL.toNanos() && s.isEmpty(now);
                if (idle) {
                    removed[0]++;
                }
                return idle ? null : s;
            }
        }));
        return removed[0];
    }

    private enum NoEvents implements BrokerEvents {
        INSTANCE;

        @Override
        public void onEvent(ChannelEvent event) {
        }

        @Override
        public void onDeliveryInterrupted(String channel) {
        }
    }
}
