package dev.switchboard.channel;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.delta.DeltaBase;
import dev.switchboard.model.delta.DeltaEncodings;

/**
 * The delta state of one channel in a namespace with deltas on: its previous publication's data text, which is the
 * base of the next one's delta. Kept by the hub, once per channel and node, so a delta is made once per
 * publication however many subscribers ask for it. A publication gets a base only when the previous one this node
 * saw is exactly one offset before it: after a gap (an interrupted broker connection, a new epoch starting at 1)
 * there is none, and delta subscribers get the publication whole.
 */
final class DeltaChain {

    private long previousOffset = -1;
    private byte[] previousText;

    /** Gives the publication its base and makes it the next one's; the hub calls it in offset order. */
    synchronized void link(ChannelEvent event) {
        long offset = event.offset();
        if (previousText != null && previousOffset == offset - 1) {
            event.deltaBase(new DeltaBase(previousOffset, previousText));
        }
        previousOffset = offset;
        previousText = event.encoded(DeltaEncodings.DATA_TEXT);
    }
}
