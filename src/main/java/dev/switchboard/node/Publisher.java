package dev.switchboard.node;

import jakarta.inject.Singleton;

import dev.switchboard.broker.Broker;
import dev.switchboard.channel.Namespaces;
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

    public Publisher(Broker broker, Namespaces namespaces) {
        this.broker = broker;
        this.namespaces = namespaces;
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
