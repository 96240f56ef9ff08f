package dev.switchboard.node;

import jakarta.inject.Singleton;

import dev.switchboard.broker.Broker;
import dev.switchboard.channel.Namespaces;
import dev.switchboard.hooks.ChannelProxies;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Publication;
import dev.switchboard.model.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * The one way to publish, for every publisher (a client command of any protocol, the HTTP API, the demo ticker):
 * the namespace's history policy is decided here, once, so every publication of a channel is kept alike.
 * Who may publish is the caller's check; this only publishes.
 */
@Singleton
public class Publisher {

    private final Broker broker;
    private final Namespaces namespaces;
    private final ChannelProxies proxies;

    public Publisher(Broker broker, Namespaces namespaces, ChannelProxies proxies) {
        this.broker = broker;
        this.namespaces = namespaces;
        this.proxies = proxies;
    }

    /**
     * Publishes a client's {@code draft} (any protocol's client command), to everyone but {@code exceptClient}
     * when that is not null. A namespace with {@code publish-proxy} asks the back end first: it may refuse
     * ({@code PERMISSION_DENIED}) or replace the data that is stored and sent; a back end that cannot answer fails
     * the publication with {@code BACKEND_UNAVAILABLE}. Publications of the HTTP API and the demo never ask: the
     * back end made them.
     */
    public Uni<StreamPosition> publishFromClient(Publication draft, ClientInfo client, String exceptClient) {
        if (!namespaces.of(draft.channel()).publishProxy()) {
            return publish(draft, exceptClient);
        }
        return proxies.checkPublish(client, draft.channel(), draft.data())
                .chain(data -> publish(data == draft.data() ? draft : draft.withData(data), exceptClient));
    }

    /** Publishes {@code draft} to every subscriber of its channel. */
    public Uni<StreamPosition> publish(Publication draft) {
        return publish(draft, null);
    }

    /** Publishes {@code draft} to every subscriber of its channel but the connection {@code exceptClient}. */
    public Uni<StreamPosition> publish(Publication draft, String exceptClient) {
        return broker.publish(draft, exceptClient, namespaces.of(draft.channel()).historyPolicy());
    }
}
