package dev.switchboard.model.delta;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;

/**
 * The protocol-neutral forms a delta subscription needs of a publication, cached on the event like every wire form
 * (made once per event, shared by every delta subscriber, whatever its protocol):
 * <ul>
 * <li>{@link #DATA_TEXT}: the publication's data as JSON text in ASCII (non-ASCII characters written as
 * {@code \}{@code uXXXX}), the bytes deltas are made of and applied to. ASCII so that a Fossil delta, which copies
 * literal bytes of its target, is ASCII too and travels as a string in any encoding, and a client can treat the
 * text's characters as its bytes.</li>
 * <li>{@link #FOSSIL}: the Fossil delta from the event's {@link ChannelEvent#deltaBase() base} to its
 * {@code DATA_TEXT}; null when the event has no base. Made by one thread ({@link ChannelEvent#encodedOnce}).</li>
 * </ul>
 */
public final class DeltaEncodings {

    private static final JsonMapper ASCII_JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    public static final Encoding<byte[]> DATA_TEXT = event -> {
        try {
            return ASCII_JSON.writeValueAsBytes(event.publication().data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    public static final Encoding<byte[]> FOSSIL = event -> {
        DeltaBase base = event.deltaBase();
        return base == null ? null : FossilDelta.create(base.text(), event.encoded(DATA_TEXT));
    };

    private DeltaEncodings() {
    }

    /** The event's Fossil delta against its base, made once for every subscriber; null when it has no base. */
    public static byte[] fossil(ChannelEvent event) {
        return event.deltaBase() == null ? null : event.encodedOnce(FOSSIL);
    }
}
