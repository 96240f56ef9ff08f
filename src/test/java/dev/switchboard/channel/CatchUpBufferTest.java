package dev.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Publication;

class CatchUpBufferTest {

    private static ChannelEvent publication(long offset) {
        return ChannelEvent.publication(new Publication("c", offset, null, null));
    }

    private static final ChannelEvent JOIN = ChannelEvent.join("c", new ClientInfo("x", null, null));

    @Test
    void buffersUntilActivationThenPassesOnlyNewerPublicationsOnce() {
        CatchUpBuffer buffer = new CatchUpBuffer();
        assertFalse(buffer.admit(publication(4)));
        assertFalse(buffer.admit(JOIN), "a join before activation is dropped");
        assertFalse(buffer.admit(publication(5)));
        assertFalse(buffer.admit(publication(6)));

        List<ChannelEvent> newer = buffer.activate(5); // the history read returned up to 5
        assertEquals(List.of(6L), newer.stream().map(ChannelEvent::offset).toList());
    }

    @Test
    void dropsPublicationsTheCatchUpCoveredThatArriveAfterActivation() {
        CatchUpBuffer buffer = new CatchUpBuffer();
        buffer.activate(7); // handed out before the join, delivered after the history read
        assertFalse(buffer.admit(publication(6)));
        assertFalse(buffer.admit(publication(7)));
        assertTrue(buffer.admit(JOIN), "joins and leaves pass once live");
        assertTrue(buffer.admit(publication(8)));
        assertTrue(buffer.admit(publication(1)), "after a newer one, a restarted stream (new epoch) is not filtered");
    }
}
