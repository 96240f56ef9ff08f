package dev.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.SharedFrame;

class CatchUpBufferTest {

    private static SharedFrame frame(long offset) {
        return new SharedFrame(new ServerFrame.PublicationPush("c", offset, null, null));
    }

    @Test
    void buffersUntilActivationThenPassesOnlyNewerPublicationsOnce() {
        CatchUpBuffer buffer = new CatchUpBuffer();
        assertFalse(buffer.admit(4, frame(4)));
        assertFalse(buffer.admit(0, frame(0)), "a join before activation is dropped");
        assertFalse(buffer.admit(5, frame(5)));
        assertFalse(buffer.admit(6, frame(6)));

        List<CatchUpBuffer.Buffered> newer = buffer.activate(5); // the history read returned up to 5
        assertEquals(List.of(6L), newer.stream().map(CatchUpBuffer.Buffered::offset).toList());
    }

    @Test
    void dropsPublicationsTheCatchUpCoveredThatArriveAfterActivation() {
        CatchUpBuffer buffer = new CatchUpBuffer();
        buffer.activate(7); // handed out before the join, delivered after the history read
        assertFalse(buffer.admit(6, frame(6)));
        assertFalse(buffer.admit(7, frame(7)));
        assertTrue(buffer.admit(0, frame(0)), "joins and leaves pass once live");
        assertTrue(buffer.admit(8, frame(8)));
        assertTrue(buffer.admit(1, frame(1)), "after a newer one, a restarted stream (new epoch) is not filtered");
    }
}
