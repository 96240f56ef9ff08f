package dev.switchboard.node;

import java.util.List;

import jakarta.inject.Singleton;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.broker.HistoryResult;
import dev.switchboard.channel.CatchUpSubscriber;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.channel.Hub;
import dev.switchboard.channel.NamespaceOptions;
import dev.switchboard.channel.Namespaces;
import dev.switchboard.hooks.ChannelProxies;
import dev.switchboard.hooks.events.HookEvents;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import dev.switchboard.presence.Occupancy;
import dev.switchboard.presence.PresenceStore;
import dev.switchboard.security.ChannelAccess;
import dev.switchboard.security.ClientIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The one way into a channel, for every face (native WebSocket, SSE, long-poll, any other protocol): the access
 * check, then joining the hub <em>before</em> reading the stream (so a publication made after the read reaches the
 * subscriber), presence, the history read that recovers {@code since}, and, once the face has activated its
 * {@link CatchUpSubscriber} with the result, the join event. Publications made while this runs are delivered
 * exactly once: in the catch-up or after it, never both, never neither.
 */
@Singleton
public class SubscribeFlow {

    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private final Hub hub;
    private final Broker broker;
    private final PresenceStore presence;
    private final Namespaces namespaces;
    private final ChannelAccess access;
    private final ChannelProxies proxies;
    private final HookEvents events;
    private final Occupancy occupancy;

    public SubscribeFlow(Hub hub, Broker broker, PresenceStore presence, Namespaces namespaces,
            ChannelAccess access, ChannelProxies proxies, HookEvents events, Occupancy occupancy) {
        this.occupancy = occupancy;
        this.hub = hub;
        this.broker = broker;
        this.presence = presence;
        this.namespaces = namespaces;
        this.access = access;
        this.proxies = proxies;
        this.events = events;
    }

    /**
     * Checks that {@code identity} may subscribe (a subscription {@code token} may be null), throwing a
     * {@code Refusal} if not. Separate from {@link #join} so a face can refuse before it registers anything.
     */
    public void checkAccess(ClientIdentity identity, ChannelName channel, String token) {
        access.checkSubscribe(identity, channel, token);
    }

    /**
     * Asks the back end's subscribe proxy when the namespace wants it (a refusal fails with
     * {@code PERMISSION_DENIED}, a back end that cannot answer with {@code BACKEND_UNAVAILABLE}), then joins the
     * hub, enters presence (when the namespace keeps it and {@code member} is not null) and reads the stream after
     * {@code since} (null: only its position). The face then calls {@link CatchUpSubscriber#activate} with the
     * result and, for members, {@link #announce}. On failure, whatever was joined is left again.
     */
    public Uni<CatchUp> join(CatchUpSubscriber subscriber, Position since, ClientInfo member) {
        return join(subscriber, since, member, false);
    }

    /**
     * {@link #join(CatchUpSubscriber, Position, ClientInfo)}, and when there is nothing to recover (no
     * {@code since}) and {@code latest} is true (null: the namespace's {@code latest-on-subscribe}), the catch-up
     * holds the stream's newest publication, if its history keeps one: the current state of a ticker or a game for
     * a client that just arrived, or a Pusher cache channel's last event. {@code recovered} stays false: the client
     * gets a state, not what it missed.
     */
    public Uni<CatchUp> join(CatchUpSubscriber subscriber, Position since, ClientInfo member, Boolean latest) {
        boolean newest = since == null
                && (latest != null ? latest : namespaces.of(subscriber.channel()).latestOnSubscribe());
        HistoryQuery read = since != null ? HistoryQuery.recovery(since)
                : newest ? HistoryQuery.newest() : HistoryQuery.positionOnly();
        return join(subscriber, member, read).map(result -> {
            boolean recovered = since != null && result.continuous();
            List<Publication> publications = recovered || newest ? result.publications() : List.of();
            return new CatchUp(result.top(), recovered, publications);
        });
    }

    private Uni<HistoryResult> join(CatchUpSubscriber subscriber, ClientInfo member, HistoryQuery read) {
        String channel = subscriber.channel();
        NamespaceOptions options = namespaces.of(channel);
        boolean present = member != null && options.presence();
        Uni<Void> asked = options.subscribeProxy() ? proxies.checkSubscribe(member, channel) : DONE;
        return asked.chain(() -> hub.add(subscriber))
                .chain(() -> present ? presence.add(channel, member) : DONE)
                .invoke(() -> {
                    if (present && member.user() != null) { // counted per user over the cluster: joined/left
                        occupancy.memberAdded(channel, member.user(), member.client());
                    }
                })
                .chain(() -> broker.history(channel, read))
                .onFailure().call(() -> abandon(subscriber, present ? member : null));
    }

    /**
     * Where a channel's stream stands, with its newest publication when {@code latest} (null: the namespace's
     * {@code latest-on-subscribe}) and its history keeps one: what a subscribe without {@code since} reads, for a
     * face that answers once instead of subscribing (a long-poll without {@code since}). The subscribe hook is
     * asked first when the namespace wants it, as for a subscription, so the state of a channel the back end
     * refuses is never told; the face checked access, as before {@link #join}.
     */
    public Uni<CatchUp> currentState(String channel, Boolean latest) {
        NamespaceOptions options = namespaces.of(channel);
        boolean newest = latest != null ? latest : options.latestOnSubscribe();
        Uni<Void> asked = options.subscribeProxy() ? proxies.checkSubscribe(null, channel) : DONE;
        return asked.chain(() -> broker.history(channel, newest ? HistoryQuery.newest() : HistoryQuery.positionOnly()))
                .map(result -> new CatchUp(result.top(), false, newest ? result.publications() : List.of()));
    }

    /**
     * Tells the channel that {@code member} joined, when its namespace has join/leave events, and then the back end
     * ({@code subscribed} event) once the join event is out.
     */
    public Uni<Void> announce(String channel, ClientInfo member) {
        return (namespaces.of(channel).joinLeave() ? broker.publishJoin(channel, member) : DONE)
                .invoke(() -> events.subscribed(member, channel));
    }

    /** Undoes a subscription: the hub, presence and the leave event. {@code member} null: no presence kept. */
    public Uni<Void> leave(CatchUpSubscriber subscriber, ClientInfo member) {
        subscriber.cancel();
        String channel = subscriber.channel();
        NamespaceOptions options = namespaces.of(channel);
        if (member != null) { // told at once: the subscription is over for its client whatever the cleanup does
            events.unsubscribed(member, channel);
            if (member.user() != null) {
                occupancy.memberRemoved(channel, member.user(), member.client());
            }
        }
        return hub.remove(subscriber)
                .chain(() -> member != null && options.presence() ? presence.remove(channel, member.client()) : DONE)
                .chain(() -> member != null && options.joinLeave() ? broker.publishLeave(channel, member) : DONE);
    }

    /**
     * Undoes a subscription that failed on its way in (its reply was never sent): the hub and presence, no leave
     * event; never fails. Safe to call more than once.
     */
    public Uni<Void> abandon(CatchUpSubscriber subscriber, ClientInfo member) {
        subscriber.cancel();
        if (member != null && member.user() != null) { // a member never added is ignored
            occupancy.memberRemoved(subscriber.channel(), member.user(), member.client());
        }
        return hub.remove(subscriber)
                .chain(() -> member != null ? presence.remove(subscriber.channel(), member.client()) : DONE)
                .onFailure().recoverWithNull();
    }
}
