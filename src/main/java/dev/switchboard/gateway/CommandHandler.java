package dev.switchboard.gateway;

import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerUnavailableException;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.channel.NamespaceOptions;
import dev.switchboard.channel.Namespaces;
import dev.switchboard.channel.PublishPolicy;
import dev.switchboard.channel.SlowConsumerPolicy;
import dev.switchboard.metrics.ServerFaults;
import dev.switchboard.hooks.RpcProxy;
import dev.switchboard.model.Publication;
import dev.switchboard.model.Refusal;
import dev.switchboard.node.Publisher;
import dev.switchboard.node.SubscribeFlow;
import dev.switchboard.presence.PresenceStore;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.security.ChannelAccess;
import dev.switchboard.security.PayloadLimit;
import io.smallrye.mutiny.Uni;

/**
 * Carries out the commands of PROTOCOL.md for one session and sends their replies. A command that fails sends
 * an {@code error} frame with the command's id; the connection stays open.
 */
@Singleton
public class CommandHandler {

    private static final Logger LOG = Logger.getLogger(CommandHandler.class);
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private final Broker broker;
    private final SubscribeFlow flow;
    private final Publisher publisher;
    private final PresenceStore presence;
    private final Namespaces namespaces;
    private final ChannelAccess access;
    private final RpcProxy rpc;
    private final int maxChannels;
    private final ServerFaults faults;

    public CommandHandler(Broker broker, SubscribeFlow flow, Publisher publisher, PresenceStore presence,
            Namespaces namespaces, ChannelAccess access, RpcProxy rpc, SwitchboardConfig config,
            ServerFaults faults) {
        this.rpc = rpc;
        this.broker = broker;
        this.flow = flow;
        this.publisher = publisher;
        this.presence = presence;
        this.namespaces = namespaces;
        this.access = access;
        this.maxChannels = config.limits().maxChannelsPerConnection();
        this.faults = faults;
    }

    Uni<Void> handle(ClientSession session, Command command) {
        Uni<Void> result;
        try {
            result = switch (command) {
                case Command.Subscribe c -> subscribe(session, c);
                case Command.Unsubscribe c -> unsubscribe(session, c);
                case Command.Publish c -> publish(session, c);
                case Command.Presence c -> presence(session, c);
                case Command.History c -> history(session, c);
                case Command.Rpc c -> rpc(session, c);
                case Command.Ping c -> {
                    if (c.id() != null) { // like every command: no id, no success reply
                        session.send(new ServerFrame.Pong(c.id()));
                    }
                    yield DONE;
                }
            };
        } catch (RuntimeException e) {
            result = Uni.createFrom().failure(e);
        }
        return result.onFailure().recoverWithUni(failure -> {
            session.send(errorFrame(command.id(), failure));
            return DONE;
        });
    }

    private Uni<Void> subscribe(ClientSession session, Command.Subscribe c) {
        ChannelName channel = ChannelName.parse(c.channel());
        flow.checkAccess(session.identity(), channel, c.token());
        if (session.isSubscribed(channel.value())) {
            throw new Refusal(Refusal.Reason.ALREADY_SUBSCRIBED, "already subscribed to " + channel);
        }
        if (session.subscriptionCount() >= maxChannels) {
            throw new Refusal(Refusal.Reason.LIMIT_EXCEEDED, "at most " + maxChannels + " channels per connection");
        }
        NamespaceOptions options = namespaces.of(channel);
        // A client asking for deltas where the namespace has none gets whole publications, and no `delta: true`.
        boolean delta = c.delta() != null && options.delta();
        Subscription subscription = session.addSubscription(channel.value(), delta,
                options.slowConsumer() == SlowConsumerPolicy.CONFLATE);
        if (subscription == null) {
            throw new Refusal(Refusal.Reason.ALREADY_SUBSCRIBED, "already subscribed to " + channel);
        }
        return flow.join(subscription, c.since(), session.info(), c.latest())
                .invoke(catchUp -> subscription.activate(
                        () -> session.send(new ServerFrame.Subscribed(c.id(), channel.value(), catchUp.top().epoch(),
                                catchUp.top().offset(), catchUp.recovered(), catchUp.publications(),
                                delta ? Boolean.TRUE : null)),
                        List.of(), catchUp.top().offset()))
                .chain(() -> flow.announce(channel.value(), session.info()))
                .onFailure().call(() -> {
                    session.removeSubscription(channel.value());
                    return flow.abandon(subscription, session.info());
                });
    }

    private Uni<Void> unsubscribe(ClientSession session, Command.Unsubscribe c) {
        ChannelName channel = ChannelName.parse(c.channel());
        Subscription subscription = session.removeSubscription(channel.value());
        if (subscription == null) {
            throw new Refusal(Refusal.Reason.NOT_SUBSCRIBED, "not subscribed to " + channel);
        }
        return leave(session, subscription)
                .invoke(() -> session.send(new ServerFrame.Unsubscribed(c.id(), channel.value())));
    }

    /** Undoes a subscription in the hub, presence and join/leave; used by unsubscribe and on close. */
    Uni<Void> leave(ClientSession session, Subscription subscription) {
        return flow.leave(subscription, session.info());
    }

    private Uni<Void> publish(ClientSession session, Command.Publish c) {
        ChannelName channel = ChannelName.parse(c.channel());
        boolean subscribed = session.isSubscribed(channel.value());
        access.checkAccess(session.identity(), channel, subscribed);
        NamespaceOptions options = namespaces.of(channel);
        if (options.publish() == PublishPolicy.NONE) {
            throw new Refusal(Refusal.Reason.PERMISSION_DENIED,
                    "clients may not publish in namespace '" + channel.namespace() + "'");
        }
        if (options.publish() == PublishPolicy.SUBSCRIBERS && !subscribed) {
            throw new Refusal(Refusal.Reason.NOT_SUBSCRIBED, "subscribe to " + channel + " before publishing into it");
        }
        PayloadLimit.check(options, c.data());
        return publisher.publishFromClient(Publication.draft(channel.value(), c.data(), session.info().publisher()),
                session.info(), null)
                .invoke(top -> {
                    if (c.id() != null) {
                        session.send(new ServerFrame.Published(c.id(), channel.value(), top.offset()));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> presence(ClientSession session, Command.Presence c) {
        ChannelName channel = ChannelName.parse(c.channel());
        access.checkAccess(session.identity(), channel, session.isSubscribed(channel.value()));
        NamespaceOptions options = namespaces.of(channel);
        if (!options.presence()) {
            throw new Refusal(Refusal.Reason.PERMISSION_DENIED,
                    "presence is off in namespace '" + channel.namespace() + "'");
        }
        if (options.presenceCountsOnly()) {
            return presence.counts(channel.value())
                    .invoke(counts -> session.send(new ServerFrame.PresenceReply(c.id(), channel.value(), null,
                            new ServerFrame.PresenceCounts(counts.clients(), counts.users()))))
                    .replaceWithVoid();
        }
        return (c.uniquePerUser() ? presence.users(channel.value()) : presence.clients(channel.value()))
                .invoke(clients -> session.send(new ServerFrame.PresenceReply(c.id(), channel.value(), clients,
                        null)))
                .replaceWithVoid();
    }

    private Uni<Void> history(ClientSession session, Command.History c) {
        ChannelName channel = ChannelName.parse(c.channel());
        access.checkAccess(session.identity(), channel, session.isSubscribed(channel.value()));
        return broker.history(channel.value(), new HistoryQuery(c.since(), c.effectiveLimit()))
                .invoke(result -> session.send(new ServerFrame.HistoryReply(c.id(), channel.value(),
                        result.top().epoch(), result.top().offset(), result.publications())))
                .replaceWithVoid();
    }

    /** The back end answers; its failures (timeout, error status, bad JSON) come back as an error frame. */
    private Uni<Void> rpc(ClientSession session, Command.Rpc c) {
        return rpc.call(session.info(), c.method(), c.data())
                .invoke(reply -> session.send(new ServerFrame.RpcResult(c.id(), reply)))
                .replaceWithVoid();
    }

    private ServerFrame.Error errorFrame(Long id, Throwable failure) {
        if (failure instanceof Refusal r) {
            return new ServerFrame.Error(id, ErrorCode.of(r.reason()), r.getMessage());
        }
        if (failure instanceof ProtocolException p) {
            return new ServerFrame.Error(id, p.code(), p.getMessage());
        }
        if (failure instanceof BrokerUnavailableException) { // expected during an outage: no stack trace
            LOG.debugf("command failed: %s", failure.getMessage());
            return new ServerFrame.Error(id, ErrorCode.INTERNAL, "broker unavailable");
        }
        faults.record("command", failure); // a fault of ours: counted, logged at most once a minute per cause
        return new ServerFrame.Error(id, ErrorCode.INTERNAL, "internal error");
    }
}
