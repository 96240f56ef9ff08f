package dev.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Publication;
import dev.switchboard.model.delta.DeltaEncodings;
import dev.switchboard.model.delta.FossilDelta;

/** The hub's per-channel delta state: a base only for the publication right after the previous one. */
class DeltaChainTest {

    private static ChannelEvent publication(long offset, String text) {
        return ChannelEvent.publication(new Publication("tick:x", offset,
                JsonNodeFactory.instance.objectNode().put("text", text).put("n", offset), null));
    }

    @Test
    void eachPublicationIsBasedOnThePreviousOne() {
        DeltaChain chain = new DeltaChain();
        ChannelEvent first = publication(1, "caf\u00e9 au lait");
        ChannelEvent second = publication(2, "caf\u00e9 au lait");
        chain.link(first);
        chain.link(second);
        assertNull(first.deltaBase(), "the first has no base");
        assertEquals(1, second.deltaBase().offset());
        byte[] firstText = first.encoded(DeltaEncodings.DATA_TEXT);
        assertEquals("{\"text\":\"caf\\u00E9 au lait\",\"n\":1}", new String(firstText, StandardCharsets.US_ASCII),
                "the data text is ASCII");
        assertArrayEquals(firstText, second.deltaBase().text());
        assertArrayEquals(second.encoded(DeltaEncodings.DATA_TEXT),
                FossilDelta.apply(firstText, DeltaEncodings.fossil(second)));
    }

    @Test
    void aGapOrANewEpochLeavesThePublicationWithoutBase() {
        DeltaChain chain = new DeltaChain();
        chain.link(publication(5, "a"));
        ChannelEvent afterGap = publication(7, "a");
        chain.link(afterGap);
        assertNull(afterGap.deltaBase(), "offset 6 was not seen");
        ChannelEvent newEpoch = publication(1, "a");
        chain.link(newEpoch);
        assertNull(newEpoch.deltaBase(), "a stream that starts again at 1");
        assertNull(DeltaEncodings.fossil(newEpoch));
    }
}
