package dev.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;


import dev.switchboard.model.Refusal;

class ChannelNameTest {

    @Test
    void namespaceIsThePartBeforeTheFirstColon() {
        assertEquals("chat", ChannelName.parse("chat:lobby:2").namespace());
        assertEquals("", ChannelName.parse("lobby").namespace());
    }

    @Test
    void userLimitedChannelsNameTheirUser() {
        ChannelName inbox = ChannelName.parse("notifications:inbox#alice");
        assertTrue(inbox.userLimited());
        assertEquals("alice", inbox.allowedUser());
        assertNull(ChannelName.parse("chat:lobby").allowedUser());
        assertEquals(Refusal.Reason.INVALID_CHANNEL,
                assertThrows(Refusal.class, () -> ChannelName.parse("inbox#")).reason());
    }

    @Test
    void validatesLengthAndCharacters() {
        assertTrue(ChannelName.isValid("a"));
        assertTrue(ChannelName.isValid("x".repeat(255)));
        assertTrue(ChannelName.isValid("A-Z_a.z:0@9#u=v"));
        assertFalse(ChannelName.isValid(""));
        assertFalse(ChannelName.isValid(null));
        assertFalse(ChannelName.isValid("x".repeat(256)));
        for (String bad : new String[] { "a b", "a/b", "a\u00e9", "a\nb", "a*", "a,b", "a\"b" }) {
            assertFalse(ChannelName.isValid(bad), bad);
        }
    }
}
