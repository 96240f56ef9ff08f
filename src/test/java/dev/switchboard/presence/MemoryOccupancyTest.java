package dev.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One node's occupancy: each count crossing zero is told once, and counts answer the channel queries. */
class MemoryOccupancyTest {

    private final MemoryOccupancy occupancy = new MemoryOccupancy();
    private final List<String> facts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        occupancy.addListener(new OccupancyRecorder(facts));
    }

    @Test
    void aChannelIsOccupiedOnceAndVacatedOnce() {
        occupancy.subscribers("room:a", 1);
        occupancy.subscribers("room:a", 2);
        occupancy.subscribers("room:a", 1);
        occupancy.subscribers("room:a", 0);
        occupancy.subscribers("room:a", 0);
        assertEquals(List.of("occupied room:a", "vacated room:a"), facts);
    }

    @Test
    void aUserJoinsWithTheFirstConnectionAndLeavesWithTheLast() {
        occupancy.memberAdded("room:a", "ada", "c1");
        occupancy.memberAdded("room:a", "ada", "c2");
        occupancy.memberAdded("room:a", "ada", "c2"); // the same connection twice counts once
        occupancy.memberRemoved("room:a", "ada", "c1");
        occupancy.memberRemoved("room:a", "ada", "c9"); // never added: ignored
        occupancy.memberRemoved("room:a", "ada", "c2");
        assertEquals(List.of("joined room:a ada", "left room:a ada"), facts);
    }

    @Test
    void aUserIsOnlineWithTheFirstConnectionAndOfflineWithTheLast() {
        occupancy.connectionOpened("c1", "ada", "native");
        occupancy.connectionOpened("c2", "ada", "pusher");
        occupancy.connectionOpened("c3", null, "native"); // anonymous: no user to be online
        occupancy.connectionClosed("c1", "ada");
        occupancy.connectionClosed("c3", null);
        occupancy.connectionClosed("c2", "ada");
        assertEquals(List.of("online ada", "offline ada"), facts);
    }

    @Test
    void theChannelQueriesAnswerFromTheCounts() {
        occupancy.subscribers("pusher:app:presence-a", 3);
        occupancy.memberAdded("pusher:app:presence-a", "ada", "c1");
        occupancy.memberAdded("pusher:app:presence-a", "bob", "c2");
        occupancy.subscribers("pusher:app:b", 1);
        occupancy.subscribers("other:c", 1);
        assertEquals(new ChannelOccupancy(3, 2), occupancy.channel("pusher:app:presence-a").await().indefinitely());
        assertEquals(ChannelOccupancy.EMPTY, occupancy.channel("pusher:app:none").await().indefinitely());
        Map<String, ChannelOccupancy> found = occupancy.channels("pusher:app:").await().indefinitely();
        assertEquals(Map.of("pusher:app:presence-a", new ChannelOccupancy(3, 2), "pusher:app:b",
                new ChannelOccupancy(1, 0)), found);
    }
}
