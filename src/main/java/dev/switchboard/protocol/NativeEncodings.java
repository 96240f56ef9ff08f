package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;
import dev.switchboard.model.delta.DeltaEncodings;

/**
 * The native protocol's wire forms of a channel event: a {@code publication}, {@code join} or {@code leave}
 * frame as JSON (UTF-8 bytes, and as text for transports that write characters, such as SSE) and as CBOR. One
 * instance of each for the whole node, so every native subscriber shares the event's cached encodings.
 */
public final class NativeEncodings {

    private static final JsonCodec JSON_CODEC = new JsonCodec();
    private static final CborCodec CBOR_CODEC = new CborCodec(JSON_CODEC);

    public static final Encoding<byte[]> JSON = event -> JSON_CODEC.encodeUtf8(frameOf(event));
    public static final Encoding<String> JSON_TEXT = event -> new String(event.encoded(JSON), StandardCharsets.UTF_8);
    public static final Encoding<byte[]> CBOR = event -> CBOR_CODEC.encode(frameOf(event));

    /** A publication to a delta subscriber, whole: {@code data} is the data's JSON text (the next delta's base). */
    public static final Encoding<byte[]> JSON_AS_TEXT = event -> JSON_CODEC.encodeUtf8(asText(event, null));
    public static final Encoding<byte[]> CBOR_AS_TEXT = event -> CBOR_CODEC.encode(asText(event, null));
    /** A publication to a delta subscriber whose last one was its base: {@code delta: true}, {@code base}. */
    public static final Encoding<byte[]> JSON_DELTA = event -> JSON_CODEC.encodeUtf8(asDelta(event));
    public static final Encoding<byte[]> CBOR_DELTA = event -> CBOR_CODEC.encode(asDelta(event));

    private NativeEncodings() {
    }

    /**
     * The publication frame of an event that replaced {@code skipped} others on a conflating connection, whole:
     * with its data as JSON text for a delta subscription ({@code asText}), as a JSON value otherwise.
     */
    public static ServerFrame conflated(ChannelEvent event, boolean asText, int skipped) {
        return asText ? asText(event, skipped)
                : ServerFrame.PublicationPush.of(event.publication(), event.publication().data(), null, null, skipped);
    }

    private static ServerFrame asText(ChannelEvent event, Integer skipped) {
        String text = new String(event.encoded(DeltaEncodings.DATA_TEXT), StandardCharsets.US_ASCII);
        return ServerFrame.PublicationPush.of(event.publication(), TextNode.valueOf(text), null, null, skipped);
    }

    /** Only for events with a base (the subscription checked); the delta is ASCII since its target is. */
    private static ServerFrame asDelta(ChannelEvent event) {
        String delta = new String(DeltaEncodings.fossil(event), StandardCharsets.US_ASCII);
        return ServerFrame.PublicationPush.of(event.publication(), TextNode.valueOf(delta), true,
                event.deltaBase().offset(), null);
    }

    /** The frame a channel event is pushed as. */
    public static ServerFrame frameOf(ChannelEvent event) {
        return switch (event.kind()) {
            case PUBLICATION -> ServerFrame.PublicationPush.of(event.publication());
            case JOIN -> new ServerFrame.Join(event.channel(), event.client());
            case LEAVE -> new ServerFrame.Leave(event.channel(), event.client());
        };
    }
}
