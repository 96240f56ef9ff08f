package dev.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;

/**
 * A channel event's frame made once on its wire form ({@link WireFrame}) must be byte for byte what Netty's server
 * frame encoder writes for the same frame, at every length form (7-bit, 16-bit, 64-bit), text and binary, with
 * and without RSV1; and {@link Outbound#writeFrame} must put it below the encoder, in order with the frames that
 * go through it.
 */
class WireFrameTest {

    /** What Netty's server-side encoder (no mask) writes for {@code frame}. */
    private static byte[] nettyEncoded(WebSocketFrame frame) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.writeOutbound(frame);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
            all.writeBytes(part);
            part.release();
        }
        channel.finishAndReleaseAll();
        return ByteBufUtil.getBytes(all);
    }

    private static byte[] bytes(ByteBuf view) {
        byte[] out = ByteBufUtil.getBytes(view);
        view.release();
        return out;
    }

    private static byte[] payload(int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) ('a' + i % 26);
        }
        return p;
    }

    @Test
    void theSameBytesAsNettysEncoderAtEveryLengthForm() {
        for (int length : new int[] { 0, 1, 125, 126, 127, 65_535, 65_536, 70_000 }) {
            byte[] p = payload(length);
            assertArrayEquals(nettyEncoded(new TextWebSocketFrame(Unpooled.wrappedBuffer(p))),
                    bytes(WireFrame.of(p, false, false).view()), "text of " + length);
            assertArrayEquals(nettyEncoded(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(p))),
                    bytes(WireFrame.of(p, true, false).view()), "binary of " + length);
            assertArrayEquals(nettyEncoded(new TextWebSocketFrame(true, WebSocketExtension.RSV1,
                    Unpooled.wrappedBuffer(p))), bytes(WireFrame.of(p, false, true).view()), "deflated text of " + length);
            assertArrayEquals(nettyEncoded(new BinaryWebSocketFrame(true, WebSocketExtension.RSV1,
                    Unpooled.wrappedBuffer(p))), bytes(WireFrame.of(p, true, true).view()),
                    "deflated binary of " + length);
        }
    }

    @Test
    void theSharedPingIsNettysEmptyPing() {
        assertArrayEquals(nettyEncoded(new PingWebSocketFrame()), bytes(WireFrame.PING.view()));
    }

    @Test
    void everyViewReadsTheWholeFrameHoweverOftenTheOthersWereWrittenAndReleased() {
        WireFrame frame = WireFrame.of("shared".getBytes(StandardCharsets.UTF_8), false, false);
        for (int i = 0; i < 3; i++) {
            ByteBuf view = frame.view();
            assertEquals(8, view.readableBytes());
            view.skipBytes(view.readableBytes());
            view.release();
        }
        assertEquals(6, frame.payloadLength());
    }

    /** Records the WebSocket frames that pass above the encoder. */
    private static final class AboveEncoder extends ChannelOutboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            seen.add(msg.getClass().getSimpleName());
            ctx.write(msg, promise);
        }
    }

    @Test
    void aWireFrameEntersBelowTheEncoderInOrderWithEncodedFrames() {
        AboveEncoder above = new AboveEncoder();
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false), above);
        Outbound out = Outbound.open(channel);
        out.writeText("first".getBytes(StandardCharsets.UTF_8));
        out.writeFrame(WireFrame.of("second".getBytes(StandardCharsets.UTF_8), false, false));
        out.writeText("third".getBytes(StandardCharsets.UTF_8));
        channel.runPendingTasks(); // the flush batch
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
            wire.writeBytes(part);
            part.release();
        }
        byte[] expected = concat(nettyEncoded(new TextWebSocketFrame("first")),
                nettyEncoded(new TextWebSocketFrame("second")), nettyEncoded(new TextWebSocketFrame("third")));
        assertArrayEquals(expected, ByteBufUtil.getBytes(wire));
        assertEquals(List.of("TextWebSocketFrame", "TextWebSocketFrame"), above.seen,
                "the wire frame does not pass the handlers above the encoder");
        assertNull(channel.readOutbound());
        channel.finishAndReleaseAll();
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }
}
