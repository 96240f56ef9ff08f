package dev.switchboard.api;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.channel.ChannelName;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Position;
import dev.switchboard.node.CatchUp;
import dev.switchboard.node.SubscribeFlow;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.NativeEncodings;
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
    private final SubscribeFlow flow;
    private final List<ChannelName> channels;
    private final List<FallbackSubscriber> subscribers = new ArrayList<>();
    private final SsePositions positions;
    private final long maxPendingBytes;
    private final long heartbeatMillis;
    private long pendingBytes;
    private long heartbeatTimer = -1;
    private boolean closed;

    SseStream(HttpServerResponse response, Context context, Vertx vertx, SubscribeFlow flow,
            List<ChannelName> channels, long maxPendingBytes, long heartbeatMillis) {
        this.response = response;
        this.context = context;
        this.vertx = vertx;
        this.flow = flow;
        this.channels = channels;
        this.positions = new SsePositions(channels.size());
        this.maxPendingBytes = maxPendingBytes;
        this.heartbeatMillis = heartbeatMillis;
        for (int i = 0; i < channels.size(); i++) {
            int index = i;
            subscribers.add(new FallbackSubscriber(channels.get(i).value(), new FallbackSubscriber.Sink() {
                @Override
                public void publication(ChannelEvent publication) {
                    handOver(index, publication);
                }

                @Override
                public void interrupted() {
                    // Ending the stream makes EventSource reconnect with Last-Event-ID: recovery from history.
                    context.runOnContext(v -> {
                        close();
                        if (!response.ended() && !response.closed()) {
                            response.end();
                        }
                    });
                }
            }));
        }
    }

    /**
     * Joins the hub and reads each stream; on the event loop, starts the event stream. {@code since} may be null;
     * {@code latest} (null: the namespace's default) sends a channel's newest publication first when there is
     * nothing to recover.
     */
    void start(List<Position> since, Boolean latest) {
        response.closeHandler(v -> close());
        response.exceptionHandler(failure -> close());
        List<Uni<CatchUp>> reads = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            reads.add(flow.join(subscribers.get(i), since == null ? null : since.get(i), null, latest));
        }
        Uni.join().all(reads).andFailFast().subscribe().with(
                results -> context.runOnContext(v -> begin(results, since)),
                failure -> context.runOnContext(v -> {
                    close();
                    HttpProblems.send(response, failure);
                }));
    }

    private void begin(List<CatchUp> results, List<Position> since) {
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
            CatchUp result = results.get(i);
            Position from = since == null ? null : since.get(i);
            recovered[i] = result.recovered();
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
            CatchUp result = results.get(i);
            subscribers.get(i).activate(null, result.publications(), result.top().offset());
        }
        heartbeatTimer = vertx.setPeriodic(heartbeatMillis, id -> write(": ping\n\n"));
    }

    /** Called by a subscriber (any thread, in offset order): the write happens on the event loop, in order. */
    private void handOver(int channel, ChannelEvent publication) {
        String data = publication.encoded(NativeEncodings.JSON_TEXT);
        long offset = publication.offset();
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
        for (FallbackSubscriber subscriber : subscribers) {
            flow.leave(subscriber, null).subscribe().with(ignored -> {
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
