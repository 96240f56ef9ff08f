package dev.switchboard.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

/**
 * Open /ws connections of this node per user, for the per-user limit checked at the upgrade (the node's limit
 * counts every protocol's connections: {@code connection.ConnectionCapacity}).
 * The check and the count are not one atomic step, so a burst of simultaneous upgrades may pass a limit by the
 * number of upgrades in flight; the limits protect the node, they are not quotas.
 */
@Singleton
public class ConnectionCount {

    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

    public int of(String user) {
        AtomicInteger count = user == null ? null : perUser.get(user);
        return count == null ? 0 : count.get();
    }

    void opened(ClientIdentity identity) {
        if (!identity.anonymous()) {
            perUser.computeIfAbsent(identity.user(), u -> new AtomicInteger()).incrementAndGet();
        }
    }

    void closed(ClientIdentity identity) {
        if (!identity.anonymous()) {
            perUser.computeIfPresent(identity.user(), (u, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }
}
