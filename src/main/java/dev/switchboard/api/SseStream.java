package dev.switchboard.api;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.broker.HistoryResult;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.channel.Hub;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.SharedFrame;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open {@code GET /sse} response. Its subscribers join the hub, the streams are read (recovering after
 * {@code Last-Event-ID} when given), and then every publication is written as an event whose id holds the
 * positions of all channels. All writes happen on the response's event loop, in the order they were handed
 * over; nothing here blocks.
 */
final class SseStream {

    private static final Logger LOG = Logger.getLogger(SseStream.class);
    private static final ObjectMapper JSON = JsonCodec.strictMapper();

    @RegisterForReflection
    record ChannelState(String channel, String epoch, long offset, boolean recovered) {
    }

    @RegisterForReflection
    record Subscribed(List<ChannelState> channels) {
    }

    @RegisterForReflection
    record Reset(String channel, String epoch, long offset) {
    }

    private final HttpServerResponse response;
    private final Context context;
    private final Vertx vertx;
    private final Hub hub;
    private final JsonCodec codec;
    private final List<ChannelName> channels;
    private final List<CatchUpSubscriber> subscribers = new ArrayList<>();
    private final SsePositions positions;
    private final long maxPendingBytes;
    private final long heartbeatMillis;
    private long pendingBytes;
    private long heartbeatTimer = -1;
    private boolean closed;

    SseStream(HttpServerResponse response, Context context, Vertx vertx, Hub hub, JsonCodec codec,
            List<ChannelName> channels, long maxPendingBytes, long heartbeatMillis) {
        this.response = response;
        this.context = context;
        this.vertx = vertx;
        this.hub = hub;
        this.codec = codec;
        this.channels = channels;
        this.positions = new SsePositions(channels.size());
        this.maxPendingBytes = maxPendingBytes;
        this.heartbeatMillis = heartbeatMillis;
        for (int i = 0; i < channels.size(); i++) {
            int index = i;
            subscribers.add(new CatchUpSubscriber(channels.get(i).value(),
                    (offset, frame) -> handOver(index, offset, frame)));
        }
    }

    /** Joins the hub and reads each stream; on the event loop, starts the event stream. {@code since} may be null. */
    void start(Broker broker, List<Position> since) {
        response.closeHandler(v -> close());
        response.exceptionHandler(failure -> close());
        List<Uni<HistoryResult>> reads = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            String channel = channels.get(i).value();
            Position from = since == null ? null : since.get(i);
            reads.add(hub.add(subscribers.get(i)).chain(() -> broker.history(channel,
                    from == null ? HistoryQuery.positionOnly() : HistoryQuery.recovery(from))));
        }
        Uni.join().all(reads).andFailFast().subscribe().with(
                results -> context.runOnContext(v -> begin(results, since)),
                failure -> context.runOnContext(v -> {
                    close();
                    HttpProblems.send(response, failure);
                }));
    }

    private void begin(List<HistoryResult> results, List<Position> since) {
        if (closed) {
            return;
        }
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no"); // nginx: do not buffer the stream
        List<ChannelState> states = new ArrayList<>();
        List<Reset> resets = new ArrayList<>();
        boolean[] recovered = new boolean[channels.size()];
        for (int i = 0; i < channels.size(); i++) {
            HistoryResult result = results.get(i);
            Position from = since == null ? null : since.get(i);
            recovered[i] = from != null && result.continuous();
            // A recovered channel stands where the client left off until its catch-up events are written.
            positions.set(i, result.top().epoch(), recovered[i] ? from.offset() : result.top().offset());
            states.add(new ChannelState(channels.get(i).value(), result.top().epoch(), result.top().offset(),
                    recovered[i]));
            if (from != null && !recovered[i]) {
                resets.add(new Reset(channels.get(i).value(), result.top().epoch(), result.top().offset()));
            }
        }
        StringBuilder head = new StringBuilder("retry: 2000\n");
        head.append(event("subscribed", json(new Subscribed(states))));
        for (Reset reset : resets) {
            head.append(event("reset", json(reset)));
        }
        write(head.toString());
        for (int i = 0; i < channels.size(); i++) {
            HistoryResult result = results.get(i);
            subscribers.get(i).activate(recovered[i] ? result.publications() : List.of(), result.top().offset());
        }
        heartbeatTimer = vertx.setPeriodic(heartbeatMillis, id -> write(": ping\n\n"));
    }

    /** Called by a subscriber (any thread, in offset order): the write happens on the event loop, in order. */
    private void handOver(int channel, long offset, SharedFrame frame) {
        String data = frame.json(codec);
        context.runOnContext(v -> {
            if (!closed) {
                positions.advance(channel, offset);
                write(event("publication", data));
            }
        });
    }

    private String event(String name, String data) {
        return "id: " + positions.id() + "\nevent: " + name + "\ndata: " + data + "\n\n";
    }

    private void write(String text) {
        if (closed) {
            return;
        }
        // A reader that stops reading makes this grow; past the limit it is cut off, like a slow /ws client.
        long size = text.length();
        pendingBytes += size;
        if (pendingBytes > maxPendingBytes) {
            LOG.debugf("closing a slow SSE reader of %s", channels);
            close();
            response.reset();
            return;
        }
        response.write(text).onComplete(ar -> pendingBytes -= size);
    }

    /** Leaves the hub and stops the heartbeat; runs once, on the event loop. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        for (CatchUpSubscriber subscriber : subscribers) {
            hub.remove(subscriber).subscribe().with(ignored -> {
            }, failure -> LOG.warnf("leaving %s failed: %s", subscriber.channel(), failure.getMessage()));
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
