package dev.switchboard.presence;

import java.util.List;

import dev.switchboard.metrics.OperationTimer;
import dev.switchboard.model.ClientInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/** Wraps the configured presence store and times each operation, beside the broker's operations. */
public final class MeteredPresence implements PresenceStore {

    private final PresenceStore delegate;
    private final OperationTimer add;
    private final OperationTimer remove;
    private final OperationTimer read;

    public MeteredPresence(PresenceStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        // The operation names of the time when presence was part of the broker: dashboards keep working.
        this.add = new OperationTimer(registry, "add_presence");
        this.remove = new OperationTimer(registry, "remove_presence");
        this.read = new OperationTimer(registry, "presence");
    }

    public PresenceStore delegate() {
        return delegate;
    }

    @Override
    public Uni<Void> add(String channel, ClientInfo client) {
        return add.time(delegate.add(channel, client), System.nanoTime());
    }

    @Override
    public Uni<Void> remove(String channel, String clientId) {
        return remove.time(delegate.remove(channel, clientId), System.nanoTime());
    }

    @Override
    public Uni<List<ClientInfo>> clients(String channel) {
        return read.time(delegate.clients(channel), System.nanoTime());
    }

    @Override
    public Uni<List<ClientInfo>> users(String channel) {
        return read.time(delegate.users(channel), System.nanoTime());
    }

    @Override
    public Uni<PresenceCounts> counts(String channel) {
        return read.time(delegate.counts(channel), System.nanoTime());
    }
}
