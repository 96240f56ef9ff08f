package dev.switchboard.protocol;

/**
 * A frame sent to many connections (a publication, a join or leave). It is encoded at most once per encoding,
 * on first use, and the same text then goes to every subscriber: fan-out costs no serialisation per subscriber.
 */
public final class SharedFrame {
    private final ServerFrame frame;
    private volatile String json;
    private volatile byte[] cbor;

    public SharedFrame(ServerFrame frame) {
        this.frame = frame;
    }

    public ServerFrame frame() {
        return frame;
    }

    public String json(JsonCodec codec) {
        String text = json;
        if (text == null) {
            // A benign race: two threads may both encode; they produce the same text.
            text = codec.encode(frame);
            json = text;
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
