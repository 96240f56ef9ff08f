package dev.switchboard.pusher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.hooks.events.HookEvents;
import dev.switchboard.model.InputExcerpt;
import dev.switchboard.SwitchboardConfig;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;
import dev.switchboard.node.CatchUp;
import dev.switchboard.node.Publisher;
import dev.switchboard.node.SubscribeFlow;
import dev.switchboard.presence.PresenceStore;
import io.smallrye.mutiny.Uni;

/**
 * What a Pusher client may send: {@code pusher:ping}, {@code pusher:signin}, {@code pusher:subscribe},
 * {@code pusher:unsubscribe} and {@code client-*} events. Every bad message gets a {@code pusher:error} (code null: the connection goes on), and
 * a refused subscription a {@code pusher:subscription_error} on its channel, as pusher-js expects.
 */
@Singleton
public class PusherCommands {

    private static final Logger LOG = Logger.getLogger(PusherCommands.class);
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();
    /** Pusher's limit on event names. */
    static final int MAX_EVENT_NAME = 200;

    private final SubscribeFlow flow;
    private final PresenceStore presence;
    private final Publisher publisher;
    private final PusherFrameMetrics metrics;
    private final int maxChannels;
    private final HookEvents events;

    public PusherCommands(SubscribeFlow flow, PresenceStore presence, Publisher publisher, PusherFrameMetrics metrics,
            SwitchboardConfig config, HookEvents events) {
        this.events = events;
        this.flow = flow;
        this.presence = presence;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxChannels = config.limits().maxChannelsPerConnection();
    }

    /** One text frame from the client. Event loop only. */
    void receive(PusherSession session, String text) {
        JsonNode message;
        try {
            message = PusherFrames.JSON.readTree(text);
        } catch (Exception e) {
            refuse(session, text, "invalid JSON");
            return;
        }
        if (message == null || !message.isObject() || !message.path("event").isTextual()) {
            refuse(session, text, "a message is a JSON object with an \"event\" string");
            return;
        }
        metrics.inbound().record(text.length());
        String event = message.get("event").textValue();
        JsonNode data = message.get("data");
        switch (event) {
            case "pusher:ping" -> session.send(PusherFrames.pong(), metrics.control());
            case "pusher:pong" -> {
                // the answer to a ping of ours; markReceived already counted it
            }
            case "pusher:signin" -> signin(session, data);
            case "pusher:subscribe" -> subscribe(session, data);
            case "pusher:unsubscribe" -> unsubscribe(session, data);
            default -> {
                if (event.startsWith(PusherSession.CLIENT_EVENT)) {
                    clientEvent(session, event, message.path("channel").asText(null), data);
                } else {
                    error(session, "unknown event: " + InputExcerpt.of(event));
                }
            }
        }
    }

    // --- subscribe ---

    private void subscribe(PusherSession session, JsonNode data) {
        if (data == null || !data.isObject() || !data.path("channel").isTextual()) {
            error(session, "pusher:subscribe needs data {\"channel\": name}");
            return;
        }
        String name = data.get("channel").textValue();
        PusherChannel channel;
        try {
            channel = PusherChannel.of(session.app().id(), name);
        } catch (IllegalArgumentException e) {
            error(session, "invalid channel name: " + e.getMessage());
            return;
        }
        if (session.subscription(name) != null) {
            error(session, "already subscribed to " + name);
            return;
        }
        if (session.subscriptionCount() >= maxChannels) {
            error(session, "too many channels: at most " + maxChannels + " per connection");
            return;
        }
        if (channel.kind() == PusherChannel.Kind.USER && !channel.equals(session.userChannel())) {
            authError(session, name, "a server-to-user channel is for the connection signed in as that user");
            return;
        }
        ClientInfo member = null;
        if (channel.kind().signed()) {
            String channelData = data.path("channel_data").asText(null);
            boolean presenceChannel = channel.kind() == PusherChannel.Kind.PRESENCE;
            String signed = session.socketId() + ":" + name + (presenceChannel ? ":" + channelData : "");
            if (!data.path("auth").isTextual()
                    || !Signatures.validAuth(session.app(), signed, data.get("auth").textValue())) {
                authError(session, name, "Invalid signature: the auth does not sign " + signed);
                return;
            }
            if (presenceChannel) {
                member = PresenceMember.parse(session.socketId(), channelData);
                if (member == null) {
                    authError(session, name, "channel_data must be a JSON object with a user_id");
                    return;
                }
            }
        }
        PusherSubscription subscription = new PusherSubscription(session.connection(), channel, member, metrics);
        session.register(subscription);
        session.serially(() -> join(session, subscription));
    }

    private Uni<Void> join(PusherSession session, PusherSubscription subscription) {
        ClientInfo member = subscription.member();
        String core = subscription.channel();
        Uni<Boolean> room = member == null ? Uni.createFrom().item(true)
                : presence.users(core).map(users -> users.size() < session.app().maxPresenceMembers()
                        || users.stream().anyMatch(u -> u.user().equals(member.user())));
        return room.chain(admitted -> {
            if (!admitted) {
                session.unregister(subscription);
                session.send(PusherFrames.error(PusherCodes.OVER_CAPACITY, "the presence channel "
                        + subscription.pusherChannel().name() + " is full ("
                        + session.app().maxPresenceMembers() + " members)"), metrics.error());
                return DONE;
            }
            // A cache channel's subscriber gets the last event first: the core's latest on subscribe.
            return flow.join(subscription, null, member, subscription.pusherChannel().cache())
                    .chain(catchUp -> (member == null ? Uni.createFrom().item(List.<ClientInfo>of())
                            : presence.clients(core)).invoke(present -> activate(session, subscription, catchUp,
                                    present)))
                    .chain(() -> member == null ? DONE : flow.announce(core, member))
                    .onFailure().invoke(failure -> {
                        LOG.debugf("pusher subscribe of %s to %s failed: %s", session.socketId(), core,
                                failure.toString());
                        session.unregister(subscription);
                        session.send(PusherFrames.subscriptionError(subscription.pusherChannel().name(),
                                "ServerError", "subscribe failed, try again", 503), metrics.error());
                    });
        });
    }

    /**
     * The reply, then on a cache channel its last event (the catch-up, sent before anything the hub delivered
     * after it) or {@code pusher:cache_miss}, then what the hub buffered meanwhile.
     */
    private void activate(PusherSession session, PusherSubscription subscription, CatchUp catchUp,
            List<ClientInfo> present) {
        String name = subscription.pusherChannel().name();
        boolean miss = subscription.pusherChannel().cache() && catchUp.publications().isEmpty();
        subscription.activate(() -> {
            subscription.seed(present);
            session.send(subscription.member() == null ? PusherFrames.subscriptionSucceeded(name)
                    : PusherFrames.presenceSucceeded(name, usersOf(present)), metrics.control());
            if (miss) {
                session.send(PusherFrames.cacheMiss(name), metrics.control());
            }
        }, catchUp.publications(), catchUp.top().offset());
        if (miss) { // the cache_miss webhook of the app's hook events
            events.cacheMiss(subscription.channel(), session.socketId(), session.connection().protocol());
        }
    }

    // --- user authentication ---

    /**
     * {@code pusher:signin}: {@code auth} is {@code <key>:<hex HMAC-SHA256(secret, "<socket_id>::user::<user_data>")>}
     * (the SDKs' authenticateUser), {@code user_data} a JSON object with a non-empty string {@code id}. A valid
     * one names the connection's user in the core ({@link PusherUsers}) and is answered with
     * {@code pusher:signin_success}; pusher-js then subscribes to {@code #server-to-user-<id>}. A bad signature
     * gets {@code pusher:error} 4009 and the connection goes on, not signed in.
     */
    private void signin(PusherSession session, JsonNode data) {
        if (data == null || !data.isObject() || !data.path("auth").isTextual() || !data.path("user_data").isTextual()) {
            error(session, "pusher:signin needs data {\"auth\": ..., \"user_data\": ...} (strings)");
            return;
        }
        String userData = data.get("user_data").textValue();
        if (!Signatures.validAuth(session.app(), session.socketId() + "::user::" + userData,
                data.get("auth").textValue())) {
            session.send(PusherFrames.error(PusherCodes.UNAUTHORIZED, "Invalid signature: the auth does not sign "
                    + session.socketId() + "::user::<user_data>"), metrics.error());
            return;
        }
        String id;
        PusherChannel own;
        try {
            JsonNode user = PusherFrames.JSON.readTree(userData);
            id = user != null && user.isObject() && user.path("id").isTextual() ? user.get("id").textValue() : "";
            own = PusherChannel.serverToUser(session.app().id(), id);
        } catch (IOException | IllegalArgumentException e) { // not JSON; no id, or one too long for a core name
            session.send(PusherFrames.error(PusherCodes.UNAUTHORIZED, "user_data must be a JSON object with a "
                    + "non-empty string id (at most about 150 characters)"), metrics.error());
            return;
        }
        if (!session.connection().identify(PusherUsers.coreUser(session.app().id(), id))) {
            session.send(PusherFrames.error(PusherCodes.UNAUTHORIZED, "this connection is signed in as another user"),
                    metrics.error());
            return;
        }
        if (session.userChannel() != null) { // signed in as this user already: same answer, nothing joined twice
            session.send(PusherFrames.signinSuccess(userData), metrics.control());
            return;
        }
        PusherWatchlist watchlist = new PusherWatchlist(session.connection(), session.app().id(),
                new ClientInfo(session.socketId(), id, null), watched(userData), metrics);
        session.signedIn(own, watchlist);
        // The answer once the user is among the app's online users: every watchlist then knows of it.
        session.serially(() -> online(session, watchlist)
                .invoke(() -> session.send(PusherFrames.signinSuccess(userData), metrics.control())));
    }

    /** The user_data's {@code watchlist}: at most MAX_WATCHLIST user ids (strings); anything else is ignored. */
    private static Set<String> watched(String userData) {
        Set<String> watched = new HashSet<>();
        try {
            JsonNode list = PusherFrames.JSON.readTree(userData).path("watchlist");
            for (JsonNode id : list) {
                if (id.isTextual() && watched.size() < PusherUsers.MAX_WATCHLIST) {
                    watched.add(id.textValue());
                }
            }
        } catch (IOException e) {
            // read once already by signin; cannot fail here
        }
        return watched;
    }

    /**
     * The signed-in connection joins the app's online users (presence, and a join event every watchlist on the
     * cluster sees), and its own watchlist goes live, told first which watched users are online already.
     */
    private Uni<Void> online(PusherSession session, PusherWatchlist watchlist) {
        String core = watchlist.channel();
        return flow.join(watchlist, null, watchlist.member())
                .chain(catchUp -> presence.clients(core).invoke(present -> watchlist.activate(
                        () -> watchlist.seed(present), List.of(), catchUp.top().offset())))
                .chain(() -> flow.announce(core, watchlist.member()))
                .onFailure().recoverWithUni(failure -> {
                    // Signed in all the same; only the watchlists (its own, and others' of this user) miss it.
                    LOG.debugf("pusher watchlist of %s failed: %s", session.socketId(), failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** One entry per user, the first connection's info, in the store's order (PresenceStore.users' rule). */
    private static List<ClientInfo> usersOf(List<ClientInfo> present) {
        Set<String> seen = new LinkedHashSet<>();
        List<ClientInfo> users = new ArrayList<>();
        for (ClientInfo client : present) {
            if (client.user() != null && seen.add(client.user())) {
                users.add(client);
            }
        }
        return users;
    }

    // --- unsubscribe and close ---

    private void unsubscribe(PusherSession session, JsonNode data) {
        if (data == null || !data.isObject() || !data.path("channel").isTextual()) {
            error(session, "pusher:unsubscribe needs data {\"channel\": name}");
            return;
        }
        PusherSubscription subscription = session.unregister(data.get("channel").textValue());
        if (subscription != null) {
            session.serially(() -> leave(session, subscription));
        }
    }

    /** The connection closed: leave every channel, after any subscribe still on its way. */
    void closed(PusherSession session) {
        session.serially(() -> {
            List<Uni<Void>> leaves = new ArrayList<>();
            for (PusherSubscription subscription : session.drain()) {
                leaves.add(leave(session, subscription));
            }
            PusherWatchlist watchlist = session.watchlist();
            if (watchlist != null) { // the user's connection goes offline for every watchlist
                leaves.add(flow.leave(watchlist, watchlist.member()).onFailure().recoverWithNull());
            }
            return leaves.isEmpty() ? DONE : Uni.join().all(leaves).andCollectFailures().replaceWithVoid();
        });
    }

    private Uni<Void> leave(PusherSession session, PusherSubscription subscription) {
        return flow.leave(subscription, subscription.member()).onFailure().invoke(failure -> LOG.warnf(
                "pusher unsubscribe of %s from %s failed: %s", session.socketId(), subscription.channel(),
                failure.getMessage()));
    }

    // --- client events ---

    private void clientEvent(PusherSession session, String event, String channel, JsonNode data) {
        PusherApp app = session.app();
        if (!app.clientEvents()) {
            error(session, "client events are not enabled for this app");
            return;
        }
        PusherSubscription subscription = channel == null ? null : session.subscription(channel);
        if (subscription == null) {
            error(session, "subscribe to the channel before sending client events on it");
            return;
        }
        if (!subscription.pusherChannel().kind().clientEvents()) {
            error(session, "client events go on private and presence channels only");
            return;
        }
        if (event.length() > MAX_EVENT_NAME) {
            error(session, "event names are at most " + MAX_EVENT_NAME + " characters long");
            return;
        }
        JsonNode payload = data == null ? PusherFrames.JSON.nullNode() : data;
        if (EventSize.of(payload) > app.maxEventSize()) {
            error(session, "client event data larger than " + app.maxEventSize() + " bytes");
            return;
        }
        String user = subscription.member() == null ? null : subscription.member().user();
        Publication draft = new Publication(subscription.channel(), 0, payload,
                new PublisherInfo(session.socketId(), user), event, Map.of());
        // A client's publication, like the native publish command: the namespace's publish hook applies.
        publisher.publishFromClient(draft, session.connection().client(), session.socketId()).subscribe().with(
                ok -> events.clientEvent(subscription.channel(), event,
                        payload.isTextual() ? payload.textValue() : payload.toString(), session.socketId(), user,
                        session.connection().protocol()),
                failure -> error(session, "client event not delivered, try again"));
    }

    // --- errors ---

    private void refuse(PusherSession session, String text, String why) {
        metrics.invalidInbound().record(text.length());
        error(session, why);
    }

    private void error(PusherSession session, String message) {
        session.send(PusherFrames.error(null, message), metrics.error());
    }

    private void authError(PusherSession session, String channel, String message) {
        session.send(PusherFrames.subscriptionError(channel, "AuthError", message, 401), metrics.error());
    }

    /** The size Pusher's event limit counts: the data's bytes (a string's own text, not its JSON quoting). */
    static final class EventSize {
        private EventSize() {
        }

        static int of(JsonNode data) {
            String text = data.isTextual() ? data.textValue() : data.toString();
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
