package dev.switchboard.presence;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * This node's own counts behind {@link Occupancy}: per channel and user the connections present, per user the open
 * connections. Sets of connection ids rather than counters, so a removal of a connection that was never added
 * (a subscription that failed on its way in, a close after a failed open) changes nothing. Each change returns
 * the new size of the set it touched, or {@link #UNCHANGED}.
 */
public final class LocalTally {

    public static final int UNCHANGED = -1;

    private final Map<String, Map<String, Set<String>>> members = new HashMap<>();
    private final Map<String, Set<String>> connections = new HashMap<>();

    public synchronized int addMember(String channel, String user, String client) {
        Set<String> clients = members.computeIfAbsent(channel, c -> new HashMap<>())
                .computeIfAbsent(user, u -> new HashSet<>());
        return clients.add(client) ? clients.size() : UNCHANGED;
    }

    public synchronized int removeMember(String channel, String user, String client) {
        Map<String, Set<String>> users = members.get(channel);
        Set<String> clients = users == null ? null : users.get(user);
        if (clients == null || !clients.remove(client)) {
            return UNCHANGED;
        }
        if (clients.isEmpty()) {
            users.remove(user);
            if (users.isEmpty()) {
                members.remove(channel);
            }
        }
        return clients.size();
    }

    public synchronized int users(String channel) {
        Map<String, Set<String>> users = members.get(channel);
        return users == null ? 0 : users.size();
    }

    public synchronized int openConnection(String user, String client) {
        Set<String> clients = connections.computeIfAbsent(user, u -> new HashSet<>());
        return clients.add(client) ? clients.size() : UNCHANGED;
    }

    public synchronized int closeConnection(String user, String client) {
        Set<String> clients = connections.get(user);
        if (clients == null || !clients.remove(client)) {
            return UNCHANGED;
        }
        if (clients.isEmpty()) {
            connections.remove(user);
        }
        return clients.size();
    }

    /** A snapshot: channel to user to this node's connection count (for a full rewrite of the node's counts). */
    public synchronized Map<String, Map<String, Integer>> memberCounts() {
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        members.forEach((channel, users) -> {
            Map<String, Integer> counts = new HashMap<>();
            users.forEach((user, clients) -> counts.put(user, clients.size()));
            copy.put(channel, counts);
        });
        return copy;
    }

    /** A snapshot: user to this node's open connection count. */
    public synchronized Map<String, Integer> connectionCounts() {
        Map<String, Integer> copy = new HashMap<>();
        connections.forEach((user, clients) -> copy.put(user, clients.size()));
        return copy;
    }
}
