package dev.switchboard.connection.deflate;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Sits in an upgrading connection's pipeline until its HTTP response is written. On the 101 it adds the
 * permessage-deflate answer ({@link DeflateAgreement#responseHeader}) and puts the connection's deflate handlers
 * in its own place, before any WebSocket frame can be read or written; then it leaves. A refused upgrade (any
 * other status) only removes it.
 */
final class DeflateHandshake extends ChannelOutboundHandlerAdapter {

    static final String NAME = "switchboardDeflateHandshake";

    private final Compression compression;
    private final DeflateAgreement agreement; // null: the client offered nothing the server accepts

    DeflateHandshake(Compression compression, DeflateAgreement agreement) {
        this.compression = compression;
        this.agreement = agreement;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpResponse response)) {
            ctx.write(msg, promise);
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            // Added on the side of Vert.x's handler: frames pass them between it and the WebSocket codec. The
            // response itself goes the other way, so it does not meet them.
            if (agreement != null) {
                response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, agreement.responseHeader());
                pipeline.addAfter(ctx.name(), DeflateEncoder.NAME, compression.encoderFor(agreement));
                pipeline.addAfter(ctx.name(), InflateDecoder.NAME,
                        new InflateDecoder(compression.inflater(), compression.maxMessageSize()));
            } else {
                pipeline.addAfter(ctx.name(), UnnegotiatedReservedBits.NAME, UnnegotiatedReservedBits.INSTANCE);
            }
        }
        ctx.write(msg, promise);
        pipeline.remove(this);
    }
}
