package dev.switchboard.connection;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;

/**
 * A channel event's frame on the wire ({@link WireFrame}) in one payload encoding, text or binary, deflated or
 * plain: cached beside the payload it is made from ({@link ChannelEvent#encoded}), so the header is written and
 * the bytes are copied once per event and wire form, however many subscribers get them.
 */
final class FramedEncoding implements Encoding<WireFrame> {

    /**
     * Every framed form made so far, looked up by identity on every delivery: a node has a handful of payload
     * encodings, so a scan of a copy-on-write array beats a map's hashing (as {@code Compression.deflated} does).
     */
    private static volatile FramedEncoding[] known = new FramedEncoding[0];

    private final Encoding<byte[]> payload;
    private final boolean binary;
    private final boolean deflated;

    private FramedEncoding(Encoding<byte[]> payload, boolean binary, boolean deflated) {
        this.payload = payload;
        this.binary = binary;
        this.deflated = deflated;
    }

    /** The one framed form of {@code payload} with these flags (the instance is the events' cache key). */
    static FramedEncoding of(Encoding<byte[]> payload, boolean binary, boolean deflated) {
        for (FramedEncoding form : known) {
            if (form.frames(payload, binary, deflated)) {
                return form;
            }
        }
        return add(payload, binary, deflated);
    }

    private static synchronized FramedEncoding add(Encoding<byte[]> payload, boolean binary, boolean deflated) {
        FramedEncoding[] forms = known;
        for (FramedEncoding form : forms) {
            if (form.frames(payload, binary, deflated)) {
                return form;
            }
        }
        FramedEncoding form = new FramedEncoding(payload, binary, deflated);
        FramedEncoding[] grown = java.util.Arrays.copyOf(forms, forms.length + 1);
        grown[forms.length] = form;
        known = grown;
        return form;
    }

    @Override
    public WireFrame encode(ChannelEvent event) {
        return WireFrame.of(event.encoded(payload), binary, deflated);
    }

    private boolean frames(Encoding<byte[]> payload, boolean binary, boolean deflated) {
        return this.payload == payload && this.binary == binary && this.deflated == deflated;
    }
}
