package dev.switchboard.bench;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.impl.WebSocketImplBase;

/**
 * Makes a compressed generator connection read like a browser: Netty's client decoder throws its zlib inflater
 * away after every message when the server answered {@code server_no_context_takeover} and builds a new one for
 * the next (DeflateDecoder.cleanup, Netty 4.1), which made the generator, not the server, the bottleneck of
 * compressed fan-outs. This handler inflates with one {@link Inflater} per generator thread, reset per message
 * (browsers and Node ws reset one per connection). Netty's client encoder is taken out too: the generator's own
 * messages go uncompressed, which RFC 7692 allows (fan-out subscribers only send their subscribe).
 */
@ChannelHandler.Sharable
final class BrowserLikeDeflate extends ChannelInboundHandlerAdapter {

    private static final BrowserLikeDeflate INSTANCE = new BrowserLikeDeflate();
    /** Connections of this process that got this handler. */
    static final java.util.concurrent.atomic.LongAdder INSTALLED = new java.util.concurrent.atomic.LongAdder();
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final FastThreadLocal<Inflater> INFLATERS = new FastThreadLocal<>() {
        @Override
        protected Inflater initialValue() {
            return new Inflater(true);
        }
    };
    private static final FastThreadLocal<byte[]> CHUNKS = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[16 * 1024];
        }
    };

    /** Swaps Netty's permessage-deflate handlers of this connection for this one; false if it has none. */
    static boolean install(WebSocket ws) {
        // Only where the server compresses every message on its own (Switchboard): a server that keeps its
        // context (Node ws by default) needs the client to keep its inflater, which Netty's decoder then does.
        String answer = ws.headers() == null ? null : ws.headers().get("sec-websocket-extensions");
        if (!(ws instanceof WebSocketImplBase<?> base) || answer == null
                || !answer.contains("server_no_context_takeover")) {
            return false;
        }
        ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
        boolean found = false;
        for (var entry : pipeline.toMap().entrySet()) {
            if (entry.getValue() instanceof WebSocketExtensionDecoder) {
                pipeline.replace(entry.getKey(), "browserLikeInflate", INSTANCE);
                found = true;
            } else if (entry.getValue() instanceof WebSocketExtensionEncoder) {
                pipeline.remove(entry.getKey());
            }
        }
        if (found) {
            INSTALLED.increment();
        }
        return found;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame frame && (frame.rsv() & 4) != 0 && frame.isFinalFragment()
                && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
            try {
                ByteBuf plain = inflate(ctx, frame.content());
                ctx.fireChannelRead(frame instanceof TextWebSocketFrame ? new TextWebSocketFrame(true, 0, plain)
                        : new BinaryWebSocketFrame(true, 0, plain));
            } finally {
                frame.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static ByteBuf inflate(ChannelHandlerContext ctx, ByteBuf compressed) throws DataFormatException {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        ByteBuf out = ctx.alloc().heapBuffer(compressed.readableBytes() * 4);
        byte[] chunk = CHUNKS.get();
        inflater.setInput(compressed.nioBuffer());
        drain(inflater, chunk, out);
        inflater.setInput(TAIL);
        drain(inflater, chunk, out);
        return out;
    }

    private static void drain(Inflater inflater, byte[] chunk, ByteBuf out) throws DataFormatException {
        int n;
        while ((n = inflater.inflate(chunk)) > 0 || !(inflater.needsInput() || inflater.finished())) {
            out.writeBytes(chunk, 0, n);
        }
    }
}
