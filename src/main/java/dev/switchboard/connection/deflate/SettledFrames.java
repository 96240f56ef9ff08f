package dev.switchboard.connection.deflate;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Plain frames whose compression was already decided once for all their subscribers (a publication that was too
 * short or did not shrink): {@link DeflateEncoder} lets them through instead of trying again per connection.
 * On the wire they are ordinary text and binary frames.
 */
public final class SettledFrames {

    private SettledFrames() {
    }

    public static WebSocketFrame text(ByteBuf payload) {
        return new SettledText(payload);
    }

    public static WebSocketFrame binary(ByteBuf payload) {
        return new SettledBinary(payload);
    }

    static boolean isSettled(WebSocketFrame frame) {
        return frame instanceof SettledText || frame instanceof SettledBinary;
    }

    private static final class SettledText extends TextWebSocketFrame {
        SettledText(ByteBuf payload) {
            super(payload);
        }
    }

    private static final class SettledBinary extends BinaryWebSocketFrame {
        SettledBinary(ByteBuf payload) {
            super(payload);
        }
    }
}
