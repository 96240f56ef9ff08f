package dev.switchboard.connection.wire;

import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A handler on a listening (server) channel: sees every accepted connection before Vert.x initialises its
 * pipeline, so handlers put first in that pipeline stay ahead of Vert.x's (Netty's ServerBootstrapAcceptor
 * adds Vert.x's initializer after them). Vert.x and Quarkus offer no per-connection hook at accept time.
 */
@ChannelHandler.Sharable
final class AcceptedConnections extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardAcceptedConnections";

    private final Consumer<Channel> onAccept;

    AcceptedConnections(Consumer<Channel> onAccept) {
        this.onAccept = onAccept;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            onAccept.accept(child);
        }
        ctx.fireChannelRead(msg);
    }
}
