package dev.switchboard.connection.wire;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a connection the way nginx's lingering close does, so the peer can read the last thing sent (a close
 * frame 1002/1007/1009, an HTTP 413) even while it is still sending: closing a socket with unread bytes in its
 * receive buffer makes the kernel answer with a reset (RFC 1122 4.2.2.13), and a reset makes the peer's kernel
 * throw away what it had not yet handed to the application, that last message included.
 * <p>
 * After the last write is flushed: shut down the write side (the peer reads EOF after the message), then read
 * and discard whatever still arrives, and close once the peer closes its side, after {@link #MAX_LINGER_MILLIS},
 * or after {@link #MAX_DISCARD_BYTES} discarded bytes, whichever comes first. Under TLS the write side is left
 * open (a TCP half-close would cut the TLS stream short); reading and discarding still happens.
 */
public final class LingeringClose extends ChannelInboundHandlerAdapter {

    /** How long to keep reading after the last message; nginx's lingering_time is 30 s, a timeout 5 s. */
    public static final long MAX_LINGER_MILLIS = 2_000;
    /** How much to read and throw away at most: a peer that keeps sending this much is not listening. */
    public static final long MAX_DISCARD_BYTES = 4L * 1024 * 1024;

    private long discarded;

    private LingeringClose() {
    }

    /**
     * Starts the lingering close of {@code channel}. Call on its event loop, after writing the last message;
     * inbound bytes stop reaching the rest of the pipeline from here on.
     */
    public static void start(Channel channel) {
        if (!channel.isActive() || channel.pipeline().get(LingeringClose.class) != null) {
            return;
        }
        channel.pipeline().addFirst("switchboardLingeringClose", new LingeringClose());
        channel.config().setAutoRead(true);
        // An empty write, completed only once every write queued before it is on the socket, so the shutdown
        // never overtakes them (Netty fails writes still queued at shutdownOutput). Written from this handler's
        // context, at the head, so no handler on the way (FrameViolations drops writes by then) can complete it
        // early.
        channel.pipeline().context(LingeringClose.class).writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                .addListener(written -> {
                    if (channel.pipeline().get(SslHandler.class) == null && channel instanceof DuplexChannel duplex) {
                        duplex.shutdownOutput();
                    }
                });
        channel.eventLoop().schedule(() -> channel.close(), MAX_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            discarded += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (discarded > MAX_DISCARD_BYTES) {
            ctx.channel().close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // swallowed: nothing after this handler is reading any more
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // The peer closed its side: everything it sent has been read, so closing now sends no reset.
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            ctx.channel().close();
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or broken pipe from the peer while lingering: the connection is over either way.
        ctx.channel().close();
    }
}
