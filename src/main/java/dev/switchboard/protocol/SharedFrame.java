package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A frame sent to many connections (a publication, a join or leave). It is encoded at most once per encoding,
 * on first use, and the same bytes then go to every subscriber: fan-out costs no serialisation and no UTF-8
 * encoding per subscriber.
 */
public final class SharedFrame {
    private final ServerFrame frame;
    private volatile byte[] json;
    private volatile String jsonText;
    private volatile byte[] cbor;

    public SharedFrame(ServerFrame frame) {
        this.frame = frame;
    }

    public ServerFrame frame() {
        return frame;
    }

    /** The JSON encoding as UTF-8, made once for every JSON subscriber (shared: never modify the array). */
    public byte[] jsonUtf8(JsonCodec codec) {
        byte[] bytes = json;
        if (bytes == null) {
            // A benign race: two threads may both encode; they produce the same bytes.
            bytes = codec.encodeUtf8(frame);
            json = bytes;
        }
        return bytes;
    }

    /** The JSON encoding as text (for transports that write characters, such as SSE). */
    public String json(JsonCodec codec) {
        String text = jsonText;
        if (text == null) {
            text = new String(jsonUtf8(codec), StandardCharsets.UTF_8);
            jsonText = text;
        }
        return text;
    }

    /** The CBOR encoding, made once for every CBOR subscriber (the array is shared: never modify it). */
    public byte[] cbor(CborCodec codec) {
        byte[] bytes = cbor;
        if (bytes == null) {
            bytes = codec.encode(frame);
            cbor = bytes;
        }
        return bytes;
    }
}
