package dev.switchboard.pusher;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.switchboard.model.CloseCodes;
import dev.switchboard.model.Publication;
import dev.switchboard.model.StreamPosition;
import dev.switchboard.node.ClusterControl;
import dev.switchboard.node.Publisher;
import dev.switchboard.presence.ChannelOccupancy;
import dev.switchboard.presence.Occupancy;
import dev.switchboard.presence.PresenceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Pusher's HTTP API for back ends, on Vert.x routes of its own (not JAX-RS, so the native API's problem+json
 * mappers never answer for it): trigger ({@code POST /apps/{id}/events}), {@code batch_events}, the occupied
 * channels ({@code GET /apps/{id}/channels}), one channel's state ({@code GET /apps/{id}/channels/{name}}), a
 * presence channel's users, and terminating a signed-in user's connections
 * ({@code POST /apps/{id}/users/{user_id}/terminate_connections}). Channel state is the cluster's
 * ({@link Occupancy}), not this node's. Every call is signed
 * ({@link RequestSignature}); errors are plain text with Pusher's statuses.
 */
@ApplicationScoped
public class PusherHttpApi {

    private static final Logger LOG = Logger.getLogger(PusherHttpApi.class);
    /** Bodies are small events; a larger body is refused by Vert.x with 413 before it is read whole. */
    static final long MAX_BODY = 1 << 20;

    private final PusherApps apps;
    private final Publisher publisher;
    private final PresenceStore presence;
    private final Occupancy occupancy;
    private final ClusterControl cluster;
    private final RequestSignature signature = new RequestSignature(Clock.systemUTC());

    public PusherHttpApi(PusherApps apps, Publisher publisher, PresenceStore presence, Occupancy occupancy,
            ClusterControl cluster) {
        this.apps = apps;
        this.publisher = publisher;
        this.presence = presence;
        this.occupancy = occupancy;
        this.cluster = cluster;
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        router.post("/apps/:app_id/events").handler(body).handler(rc -> handle(rc, this::events));
        router.post("/apps/:app_id/batch_events").handler(body).handler(rc -> handle(rc, this::batch));
        router.get("/apps/:app_id/channels").handler(rc -> handle(rc, this::channels));
        router.get("/apps/:app_id/channels/:channel_name").handler(rc -> handle(rc, this::channel));
        router.get("/apps/:app_id/channels/:channel_name/users").handler(rc -> handle(rc, this::users));
        router.post("/apps/:app_id/users/:user_id/terminate_connections").handler(body)
                .handler(rc -> handle(rc, this::terminate));
    }

    /** One call: the app, the signature, then the call itself; any refusal becomes Pusher's plain-text answer. */
    private void handle(RoutingContext rc, Call call) {
        try {
            PusherApp app = apps.byId(rc.pathParam("app_id"))
                    .orElseThrow(() -> new PusherHttpError(404, "Unknown app_id"));
            byte[] body = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
            signature.verify(app, rc.request().method().name(), rc.request().path(),
                    QueryParams.of(rc.request().query()), rc.request().method() == HttpMethod.GET ? null : body);
            call.run(app, rc, body).subscribe().with(json -> ok(rc, json), failure -> fail(rc, failure));
        } catch (RuntimeException e) {
            fail(rc, e);
        }
    }

    @FunctionalInterface
    private interface Call {
        Uni<JsonNode> run(PusherApp app, RoutingContext rc, byte[] body);
    }

    // --- trigger ---

    /**
     * A trigger; with {@code info}, the reply holds each channel's asked-for counts after the publication
     * ({@code {"channels": {"<name>": {"subscription_count": 3}}}}, user_count for presence channels only), from the
     * cluster's {@link Occupancy} as the channel queries.
     */
    private Uni<JsonNode> events(PusherApp app, RoutingContext rc, byte[] body) {
        TriggeredEvent event = TriggeredEvent.parse(app, json(body), false);
        Uni<JsonNode> published = publish(List.of(event));
        if (event.info().isEmpty()) {
            return published;
        }
        return published.chain(ok -> Uni.join().all(event.channels().stream()
                .map(channel -> attributes(channel, event.info())).toList()).andFailFast()
                .map(attributes -> {
                    ObjectNode reply = PusherFrames.JSON.createObjectNode();
                    ObjectNode channels = reply.putObject("channels");
                    for (int i = 0; i < attributes.size(); i++) {
                        channels.set(event.channels().get(i).name(), attributes.get(i));
                    }
                    return reply;
                }));
    }

    /** One channel's counts as a trigger's {@code info} asks for them. */
    private Uni<ObjectNode> attributes(PusherChannel channel, Set<String> info) {
        return occupancy.channel(channel.coreName()).map((ChannelOccupancy counts) -> {
            ObjectNode attributes = PusherFrames.JSON.createObjectNode();
            if (info.contains("user_count") && channel.kind() == PusherChannel.Kind.PRESENCE) {
                attributes.put("user_count", counts.users());
            }
            if (info.contains("subscription_count")) {
                attributes.put("subscription_count", counts.subscriptions());
            }
            return attributes;
        });
    }

    private Uni<JsonNode> batch(PusherApp app, RoutingContext rc, byte[] body) {
        JsonNode batch = json(body).get("batch");
        if (batch == null || !batch.isArray() || batch.size() > app.maxBatchSize()) {
            throw new PusherHttpError(400, "batch must be an array of at most " + app.maxBatchSize() + " events");
        }
        List<TriggeredEvent> events = new ArrayList<>();
        batch.forEach(e -> events.add(TriggeredEvent.parse(app, e, true)));
        // Each batch entry's reply: its channel's counts when it asked with info, else {}.
        return publish(events).chain(ok -> events.isEmpty() ? Uni.createFrom().item(List.<ObjectNode>of())
                : Uni.join().all(events.stream().map(e -> e.info().isEmpty()
                        ? Uni.createFrom().item(PusherFrames.JSON.createObjectNode())
                        : attributes(e.channels().get(0), e.info())).toList()).andFailFast())
                .map(entries -> {
                    ObjectNode reply = PusherFrames.JSON.createObjectNode();
                    reply.putArray("batch").addAll(entries);
                    return reply;
                });
    }

    /** Every event to every one of its channels; the reply waits until the broker has taken them all. */
    private Uni<JsonNode> publish(List<TriggeredEvent> events) {
        List<Uni<StreamPosition>> published = new ArrayList<>();
        for (TriggeredEvent event : events) {
            for (PusherChannel channel : event.channels()) {
                Publication draft = new Publication(channel.coreName(), 0, TextNode.valueOf(event.data()), null,
                        event.name(), Map.of());
                published.add(publisher.publish(draft, event.socketId()));
            }
        }
        return Uni.join().all(published).andFailFast().map(ok -> PusherFrames.JSON.createObjectNode());
    }

    // --- channels ---

    /**
     * The app's occupied channels over the cluster, optionally those starting with {@code filter_by_prefix};
     * {@code info=user_count} only with a {@code presence-} prefix (Pusher's rule), {@code subscription_count} always.
     */
    private Uni<JsonNode> channels(PusherApp app, RoutingContext rc, byte[] body) {
        String filter = QueryParams.of(rc.request().query()).get("filter_by_prefix");
        filter = filter == null ? "" : filter;
        Set<String> info = infoOf(rc);
        if (info.contains("user_count") && !filter.startsWith("presence-")) {
            throw new PusherHttpError(400, "user_count may only be requested with filter_by_prefix=presence-");
        }
        return occupancy.channels(PusherChannel.corePrefix(app.id(), filter)).map(found -> {
            ObjectNode reply = PusherFrames.JSON.createObjectNode();
            ObjectNode channels = reply.putObject("channels");
            found.forEach((core, counts) -> {
                PusherChannel channel = PusherChannel.fromCore(core);
                if (channel != null && channel.app().equals(app.id())) {
                    ObjectNode entry = channels.putObject(channel.name());
                    if (info.contains("user_count")) {
                        entry.put("user_count", counts.users());
                    }
                    if (info.contains("subscription_count")) {
                        entry.put("subscription_count", counts.subscriptions());
                    }
                }
            });
            return reply;
        });
    }

    /** One channel over the cluster: occupied, and on request its user_count (presence only) and subscription_count. */
    private Uni<JsonNode> channel(PusherApp app, RoutingContext rc, byte[] body) {
        PusherChannel channel = channelOf(app, rc);
        Set<String> info = infoOf(rc);
        boolean presenceChannel = channel.kind() == PusherChannel.Kind.PRESENCE;
        if (info.contains("user_count") && !presenceChannel) {
            throw new PusherHttpError(400, "user_count is only available for presence channels");
        }
        return occupancy.channel(channel.coreName()).map((ChannelOccupancy counts) -> {
            ObjectNode reply = PusherFrames.JSON.createObjectNode().put("occupied", counts.occupied());
            if (info.contains("user_count")) {
                reply.put("user_count", counts.users());
            }
            if (info.contains("subscription_count")) {
                reply.put("subscription_count", counts.subscriptions());
            }
            return reply;
        });
    }

    private Uni<JsonNode> users(PusherApp app, RoutingContext rc, byte[] body) {
        PusherChannel channel = channelOf(app, rc);
        if (channel.kind() != PusherChannel.Kind.PRESENCE) {
            throw new PusherHttpError(400, "users are only available for presence channels");
        }
        return presence.users(channel.coreName()).map(users -> {
            ObjectNode reply = PusherFrames.JSON.createObjectNode();
            var list = reply.putArray("users");
            users.forEach(u -> list.addObject().put("id", u.user()));
            return reply;
        });
    }

    // --- users ---

    /**
     * Closes every connection signed in as the user ({@code pusher:error} 4009 and the close with 4009, after
     * which pusher-js does not reconnect by itself), through the core's disconnect of a user: the same path as
     * the native {@code /api/v1/disconnect}. Answers {@code {}}.
     */
    private Uni<JsonNode> terminate(PusherApp app, RoutingContext rc, byte[] body) {
        String user = rc.pathParam("user_id");
        if (user == null || user.isEmpty()) {
            throw new PusherHttpError(400, "a user id is a non-empty string");
        }
        return cluster.disconnectUser(PusherUsers.coreUser(app.id(), user), CloseCodes.FORBIDDEN,
                "terminated by the app").map(outcome -> PusherFrames.JSON.createObjectNode());
    }

    private static PusherChannel channelOf(PusherApp app, RoutingContext rc) {
        try {
            return PusherChannel.of(app.id(), rc.pathParam("channel_name"));
        } catch (IllegalArgumentException e) {
            throw new PusherHttpError(400, "invalid channel name: " + e.getMessage());
        }
    }

    private static Set<String> infoOf(RoutingContext rc) {
        String info = QueryParams.of(rc.request().query()).get("info");
        Set<String> attributes = new HashSet<>();
        if (info != null) {
            for (String a : info.split(",")) {
                attributes.add(a.trim());
            }
        }
        return attributes;
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = PusherFrames.JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new PusherHttpError(400, "the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new PusherHttpError(400, "the body is not valid JSON");
        }
    }

    // --- answers ---

    private static void ok(RoutingContext rc, JsonNode json) {
        rc.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(json.toString());
    }

    private static void fail(RoutingContext rc, Throwable failure) {
        int status;
        String message;
        if (failure instanceof PusherHttpError e) {
            status = e.status();
            message = e.getMessage();
        } else {
            LOG.warnf("pusher API call %s failed: %s", rc.request().path(), failure.toString());
            status = 503;
            message = "Service unavailable, try again";
        }
        if (!rc.response().ended()) {
            rc.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(message + "\n");
        }
    }
}
