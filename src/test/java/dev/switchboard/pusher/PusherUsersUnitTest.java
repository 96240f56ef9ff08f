package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.switchboard.channel.ChannelName;

class PusherUsersUnitTest {

    @Test
    void anyUserIdBecomesACoreUserAndReadsBack() {
        for (String id : new String[] { "alice", "auth0|5f7c", "a b=c", "élise", "x:y#z", "=41" }) {
            String core = PusherUsers.coreUser("1001", id);
            assertTrue(core.startsWith("pusher:1001:"), core);
            assertEquals(id, PusherUsers.userOf("1001", core), core);
            PusherChannel channel = PusherChannel.serverToUser("1001", id);
            assertTrue(ChannelName.isValid(channel.coreName()), channel.coreName());
            assertEquals(core, ChannelName.parse(channel.coreName()).allowedUser(),
                    "the core's user-limited channel of that user");
            assertEquals(channel, PusherChannel.fromCore(channel.coreName()));
            assertEquals(channel, PusherChannel.of("1001", "#server-to-user-" + id));
        }
        assertEquals("pusher:1001:auth0=7C5f7c", PusherUsers.coreUser("1001", "auth0|5f7c"));
    }

    @Test
    void userIdsAreNotMixedUpBetweenAppsOrWithBrokenEscapes() {
        assertNull(PusherUsers.userOf("1001", "pusher:1002:alice"));
        assertNull(PusherUsers.userOf("1001", "pusher:1001:bad=4"));
        assertNull(PusherUsers.userOf("1001", "pusher:1001:"));
        assertThrows(IllegalArgumentException.class, () -> PusherUsers.coreUser("1001", ""));
        assertThrows(IllegalArgumentException.class, () -> PusherChannel.serverToUser("1001", "|".repeat(100)));
    }

    @Test
    void cacheChannelsAreKnownByTheirPrefix() {
        for (String name : new String[] { "cache-a", "private-cache-a", "private-encrypted-cache-a", "presence-cache-a" }) {
            assertTrue(PusherChannel.of("1", name).cache(), name);
        }
        for (String name : new String[] { "cachea", "private-a", "presence-a", "a-cache-b" }) {
            assertFalse(PusherChannel.of("1", name).cache(), name);
        }
        assertEquals(PusherChannel.Kind.PRESENCE, PusherChannel.of("1", "presence-cache-a").kind());
    }
}
