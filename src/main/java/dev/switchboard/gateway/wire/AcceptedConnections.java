package dev.switchboard.gateway.wire;

import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A handler on a listening (server) channel: sees every accepted connection before Vert.x initialises its
 * pipeline and puts the handler it is given first in that pipeline (Netty's ServerBootstrapAcceptor adds
 * Vert.x's initializer after it). Vert.x and Quarkus offer no per-connection hook at accept time.
 */
@ChannelHandler.Sharable
final class AcceptedConnections extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardAcceptedConnections";

    private final String childHandlerName;
    private final Supplier<ChannelHandler> childHandler;

    AcceptedConnections(String childHandlerName, Supplier<ChannelHandler> childHandler) {
        this.childHandlerName = childHandlerName;
        this.childHandler = childHandler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            child.pipeline().addFirst(childHandlerName, childHandler.get());
        }
        ctx.fireChannelRead(msg);
    }
}
