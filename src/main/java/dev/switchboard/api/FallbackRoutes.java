package dev.switchboard.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.node.SubscribeFlow;
import dev.switchboard.security.ConnectionToken;
import dev.switchboard.model.Position;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /sse} and {@code GET /poll}: the fallbacks for clients whose network kills WebSockets. Plain Vert.x
 * routes: they run on the event loop, hold no thread while waiting, and answer errors as problem+json.
 */
@ApplicationScoped
public class FallbackRoutes {

    static final int DEFAULT_POLL_TIMEOUT = 25;
    static final int MAX_POLL_TIMEOUT = 60;

    private final SubscribeFlow flow;
    private final FallbackChannels channels;
    private final Vertx vertx;
    private final long maxPendingBytes;
    private final long heartbeatMillis;

    FallbackRoutes(SubscribeFlow flow, FallbackChannels channels, Vertx vertx, SwitchboardConfig config,
            SseConfig sse) {
        this.flow = flow;
        this.channels = channels;
        this.vertx = vertx;
        this.maxPendingBytes = config.limits().maxOutboundBuffer();
        this.heartbeatMillis = Math.max(100, sse.heartbeatInterval().toMillis());
    }

    void register(@Observes Router router) {
        router.get("/sse").handler(this::sse);
        router.get("/poll").handler(this::poll);
    }

    private void sse(RoutingContext rc) {
        try {
            QueryText.requireUtf8(rc.request().query());
            List<ChannelName> names = channels.parse(rc.queryParam("channel"), channels.identify(ConnectionToken.of(rc.request())));
            String lastEventId = rc.request().getHeader("Last-Event-ID");
            List<Position> since = lastEventId == null || lastEventId.isBlank() ? null
                    : SsePositions.parse(lastEventId.trim(), names.size());
            new SseStream(rc.response(), vertx.getOrCreateContext(), vertx, flow, names, maxPendingBytes,
                    heartbeatMillis).start(since, latest(rc.queryParam("latest")));
        } catch (RuntimeException e) {
            HttpProblems.send(rc.response(), e);
        }
    }

    private void poll(RoutingContext rc) {
        try {
            QueryText.requireUtf8(rc.request().query());
            List<String> names = rc.queryParam("channel");
            if (names.size() > 1) {
                throw ApiProblem.badRequest(BadRequest.TOO_MANY_CHANNELS,
                        "Long-poll watches one channel per request; use /sse for several.");
            }
            String channel = channels.parse(names, channels.identify(ConnectionToken.of(rc.request()))).get(0).value();
            long timeoutMillis = timeoutSeconds(rc.queryParam("timeout")) * 1000L;
            List<String> sinceParam = rc.queryParam("since");
            if (sinceParam.isEmpty()) {
                answerPosition(rc, channel, latest(rc.queryParam("latest")));
                return;
            }
            Position since = ApiResource.position(sinceParam.get(0));
            new PollWaiter(rc.response(), vertx.getOrCreateContext(), vertx, flow, channel, since, timeoutMillis)
                    .start();
        } catch (RuntimeException e) {
            HttpProblems.send(rc.response(), e);
        }
    }

    /**
     * A poll without {@code since}: tell the client where the stream stands, so its next poll can wait, with the
     * newest publication when it asks for the latest ({@code latest}, null: the namespace's default); after the
     * subscribe hook's yes, where the namespace asks it.
     */
    private void answerPosition(RoutingContext rc, String channel, Boolean latest) {
        Context context = vertx.getOrCreateContext();
        flow.currentState(channel, latest).subscribe().with(
                result -> context.runOnContext(v -> {
                    PollWaiter.PollAnswer answer = new PollWaiter.PollAnswer(channel, result.top().epoch(),
                            result.top().offset(), false, result.publications());
                    try {
                        rc.response().putHeader("content-type", "application/json")
                                .putHeader("cache-control", "no-store")
                                .end(PollWaiter.JSON.writeValueAsString(answer));
                    } catch (JsonProcessingException e) {
                        HttpProblems.send(rc.response(), e);
                    }
                }),
                failure -> context.runOnContext(v -> HttpProblems.send(rc.response(), failure)));
    }

    /** The {@code latest} query parameter: {@code true} or {@code false}; absent: null (the namespace decides). */
    private static Boolean latest(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return switch (values.get(0)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw ApiProblem.badRequest(BadRequest.BAD_LATEST,
                    "Query parameter latest must be true or false.");
        };
    }

    private static int timeoutSeconds(List<String> values) {
        if (values.isEmpty()) {
            return DEFAULT_POLL_TIMEOUT;
        }
        try {
            int timeout = Integer.parseInt(values.get(0));
            if (timeout >= 0 && timeout <= MAX_POLL_TIMEOUT) {
                return timeout;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest(BadRequest.BAD_TIMEOUT,
                "Query parameter timeout must be a whole number of seconds from 0 to " + MAX_POLL_TIMEOUT + ".");
    }
}
