package dev.switchboard.api;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import dev.switchboard.node.CatchUp;
import dev.switchboard.node.SubscribeFlow;
import dev.switchboard.protocol.JsonCodec;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * One {@code GET /poll} with {@code since}: answers at once from history when publications after {@code since}
 * exist (or recovery is impossible), else waits in the hub, without polling anything, for the next publication
 * or the timeout. The hub is joined before the history read, so nothing published in between is lost. State
 * is touched only on the response's event loop.
 */
final class PollWaiter {

    private static final Logger LOG = Logger.getLogger(PollWaiter.class);
    static final ObjectMapper JSON = JsonCodec.strictMapper();

    /** The answer of /poll: the position to send as the next {@code since} is {@code epoch:offset}. */
    @RegisterForReflection
    record PollAnswer(String channel, String epoch, long offset, boolean recovered, List<Publication> publications) {
    }

    private final HttpServerResponse response;
    private final Context context;
    private final Vertx vertx;
    private final SubscribeFlow flow;
    private final String channel;
    private final Position since;
    private final long timeoutMillis;
    private final FallbackSubscriber subscriber;
    private final List<Publication> arrived = new ArrayList<>();
    private String epoch;
    private long timer = -1;
    private boolean done;

    PollWaiter(HttpServerResponse response, Context context, Vertx vertx, SubscribeFlow flow, String channel,
            Position since,
            long timeoutMillis) {
        this.response = response;
        this.context = context;
        this.vertx = vertx;
        this.flow = flow;
        this.channel = channel;
        this.since = since;
        this.timeoutMillis = timeoutMillis;
        this.subscriber = new FallbackSubscriber(channel, new FallbackSubscriber.Sink() {
            @Override
            public void publication(ChannelEvent event) {
                Publication publication = event.publication();
                context.runOnContext(v -> arrived(publication));
            }

            @Override
            public void interrupted() {
                // Publications may be lost: answer what arrived (maybe nothing); the next poll reads history.
                context.runOnContext(v -> answerNow());
            }
        });
    }

    void start() {
        response.closeHandler(v -> finish());
        flow.join(subscriber, since, null)
                .subscribe().with(
                        result -> context.runOnContext(v -> read(result)),
                        failure -> context.runOnContext(v -> {
                            finish();
                            HttpProblems.send(response, failure);
                        }));
    }

    private void read(CatchUp result) {
        if (done) {
            return;
        }
        epoch = result.top().epoch();
        long top = result.top().offset();
        if (!result.recovered()) {
            answer(false, List.of(), top);
        } else if (!result.publications().isEmpty() || timeoutMillis == 0) {
            answer(true, result.publications(), top);
        } else {
            waitingAt = top;
            timer = vertx.setTimer(timeoutMillis, id -> answer(true, List.of(), top));
            subscriber.activate(null, List.of(), top);
        }
    }

    private long waitingAt = -1;

    private void answerNow() {
        if (!arrived.isEmpty()) {
            answer(true, List.copyOf(arrived), arrived.get(arrived.size() - 1).offset());
        } else if (waitingAt >= 0) {
            answer(true, List.of(), waitingAt);
        }
    }

    private void arrived(Publication publication) {
        if (done) {
            return;
        }
        arrived.add(publication);
        if (arrived.size() == 1) {
            // Answer after the tasks already queued, so a burst that is already here goes out in one answer.
            context.runOnContext(v -> answer(true, List.copyOf(arrived), arrived.get(arrived.size() - 1).offset()));
        }
    }

    private void answer(boolean recovered, List<Publication> publications, long offset) {
        if (done) {
            return;
        }
        finish();
        String body;
        try {
            body = JSON.writeValueAsString(new PollAnswer(channel, epoch, offset, recovered, publications));
        } catch (JsonProcessingException e) {
            HttpProblems.send(response, e);
            return;
        }
        if (!response.closed() && !response.ended()) {
            response.putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(body);
        }
    }

    /** Leaves the hub and cancels the timer; runs once. */
    private void finish() {
        if (done) {
            return;
        }
        done = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        flow.leave(subscriber, null).subscribe().with(ignored -> {
        }, failure -> LOG.warnf("leaving %s failed: %s", channel, failure.getMessage()));
    }
}
