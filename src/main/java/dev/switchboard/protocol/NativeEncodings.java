package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;

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

    private NativeEncodings() {
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
