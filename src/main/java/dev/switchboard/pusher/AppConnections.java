package dev.switchboard.pusher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

/**
 * Open Pusher connections per app on this node, for each app's {@code max-connections} (Pusher's 4004, over
 * connection quota). A connection takes its place before it is admitted and gives it back when it closes, so
 * connections opening together never pass the quota (unlike a count read before the increment).
 */
@Singleton
public class AppConnections {

    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /** Takes a place for one more connection of {@code app}; false (and nothing taken) when the app is at its quota. */
    boolean tryOpen(PusherApp app) {
        AtomicInteger count = open.computeIfAbsent(app.id(), id -> new AtomicInteger());
        int now = count.incrementAndGet();
        if (app.maxConnections() > 0 && now > app.maxConnections()) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void closed(PusherApp app) {
        AtomicInteger count = open.get(app.id());
        if (count != null) {
            count.decrementAndGet();
        }
    }

    /** Open connections of {@code app} on this node. */
    public int of(String appId) {
        AtomicInteger count = open.get(appId);
        return count == null ? 0 : count.get();
    }
}
