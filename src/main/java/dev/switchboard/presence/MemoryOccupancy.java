package dev.switchboard.presence;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.Uni;

/**
 * {@link Occupancy} of a single node (the memory broker's companion): the node is the cluster, so a local count
 * crossing zero is the cluster's fact. Transitions are told inside the update that made them, so one channel's
 * (one user's) facts reach listeners in the order they happened.
 */
public final class MemoryOccupancy implements Occupancy {

    private final List<OccupancyListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> subscribers = new ConcurrentHashMap<>();
    private final LocalTally tally = new LocalTally();

    @Override
    public void addListener(OccupancyListener listener) {
        listeners.add(listener);
    }

    @Override
    public void subscribers(String channel, int count) {
        Integer before = count > 0 ? subscribers.put(channel, count) : subscribers.remove(channel);
        int was = before == null ? 0 : before;
        if (was == 0 && count > 0) {
            listeners.forEach(l -> l.occupied(channel));
        } else if (was > 0 && count == 0) {
            listeners.forEach(l -> l.vacated(channel));
        }
    }

    @Override
    public void memberAdded(String channel, String user, String client) {
        synchronized (tally) {
            if (tally.addMember(channel, user, client) == 1) {
                listeners.forEach(l -> l.joined(channel, user));
            }
        }
    }

    @Override
    public void memberRemoved(String channel, String user, String client) {
        synchronized (tally) {
            if (tally.removeMember(channel, user, client) == 0) {
                listeners.forEach(l -> l.left(channel, user));
            }
        }
    }

    @Override
    public void connectionOpened(String client, String user, String protocol) {
        if (user == null) {
            return;
        }
        synchronized (tally) {
            if (tally.openConnection(user, client) == 1) {
                listeners.forEach(l -> l.online(user));
            }
        }
    }

    @Override
    public void connectionClosed(String client, String user) {
        if (user == null) {
            return;
        }
        synchronized (tally) {
            if (tally.closeConnection(user, client) == 0) {
                listeners.forEach(l -> l.offline(user));
            }
        }
    }

    @Override
    public Uni<ChannelOccupancy> channel(String channel) {
        return Uni.createFrom().item(occupancy(channel));
    }

    @Override
    public Uni<Map<String, ChannelOccupancy>> channels(String prefix) {
        Map<String, ChannelOccupancy> found = new TreeMap<>();
        subscribers.forEach((channel, count) -> {
            if (channel.startsWith(prefix) && count > 0) {
                found.put(channel, occupancy(channel));
            }
        });
        return Uni.createFrom().item(found);
    }

    private ChannelOccupancy occupancy(String channel) {
        Integer count = subscribers.get(channel);
        return count == null ? ChannelOccupancy.EMPTY : new ChannelOccupancy(count, tally.users(channel));
    }
}
