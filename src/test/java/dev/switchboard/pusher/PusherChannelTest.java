package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.switchboard.channel.ChannelName;

/** The mapping of Pusher channel names onto core names: valid, per app, reversible, unambiguous. */
class PusherChannelTest {

    @Test
    void namesGetTheirAppsPrefixAndCommasAndSemicolonsAreEscaped() {
        PusherChannel channel = PusherChannel.of("app-1", "a,b;c=@.-_");
        assertEquals("pusher:app-1:a:cb:sc=@.-_", channel.coreName());
        assertTrue(ChannelName.isValid(channel.coreName()));
        assertEquals("pusher", ChannelName.parse(channel.coreName()).namespace());
    }

    @Test
    void theCoreNameReadsBackToTheSameChannel() {
        for (String name : new String[] { "x", ",", ";", ",;,", "private-a,b", "presence-room;1", "c,c", "x.c;s" }) {
            PusherChannel channel = PusherChannel.of("app", name);
            assertEquals(channel, PusherChannel.fromCore(channel.coreName()), name);
        }
    }

    @Test
    void differentNamesAndDifferentAppsNeverShareACoreName() {
        assertNotEquals(PusherChannel.of("a", "x,").coreName(), PusherChannel.of("a", "x;").coreName());
        assertNotEquals(PusherChannel.of("a", "x,").coreName(), PusherChannel.of("a", "xc").coreName());
        assertNotEquals(PusherChannel.of("a", "b,x").coreName(), PusherChannel.of("a", "bcx").coreName());
        assertNotEquals(PusherChannel.of("one", "room").coreName(), PusherChannel.of("two", "room").coreName());
    }

    @Test
    void theKindComesFromThePrefix() {
        assertEquals(PusherChannel.Kind.PUBLIC, PusherChannel.of("a", "news").kind());
        assertEquals(PusherChannel.Kind.PRIVATE, PusherChannel.of("a", "private-x").kind());
        assertEquals(PusherChannel.Kind.ENCRYPTED, PusherChannel.of("a", "private-encrypted-x").kind());
        assertEquals(PusherChannel.Kind.PRESENCE, PusherChannel.of("a", "presence-x").kind());
    }

    @Test
    void namesBreakingPushersRuleAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PusherChannel.of("a", ""));
        assertThrows(IllegalArgumentException.class, () -> PusherChannel.of("a", "a:b"));
        assertThrows(IllegalArgumentException.class, () -> PusherChannel.of("a", "a#b"));
        assertThrows(IllegalArgumentException.class, () -> PusherChannel.of("a", "x".repeat(165)));
        PusherChannel.of("a", "x".repeat(164));
        // 164 characters fit, but not when escaping doubles them past the core's 255.
        assertThrows(IllegalArgumentException.class, () -> PusherChannel.of("a", ",".repeat(164)));
    }

    @Test
    void nativeChannelsOfThePusherNamespaceAreNotPusherChannels() {
        assertNull(PusherChannel.fromCore("chat:room"));
        assertNull(PusherChannel.fromCore("pusher:app:a:b"));
        assertNull(PusherChannel.fromCore("pusher:app-only"));
    }
}
