package dev.switchboard.connection.deflate;

import jakarta.inject.Singleton;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Negotiates permessage-deflate at every WebSocket upgrade, in place of Vert.x. With compression supported,
 * Vert.x puts Netty's extension handler in front of every HTTP connection; it would answer with Netty's
 * compressor and decompressor, a zlib stream pair of up to ~300 KB per connection for its whole life. This check
 * takes that handler out of the upgrading connection and puts {@link DeflateHandshake} there instead, with the
 * answer to the client's offers ({@link DeflateNegotiation}).
 */
@Singleton
public class DeflateUpgradeCheck implements HttpUpgradeCheck {

    /** The name Vert.x gives Netty's WebSocketServerExtensionHandler (HttpServerConnectionHandler, Vert.x 4.5). */
    static final String VERTX_EXTENSION_HANDLER = "webSocketExtensionHandler";
    /** Vert.x's connection handler, the last in the pipeline. */
    private static final String VERTX_HANDLER = "handler";
    private static final Uni<CheckResult> PERMIT = CheckResult.permitUpgrade();

    private final Compression compression;

    public DeflateUpgradeCheck(Compression compression) {
        this.compression = compression;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!compression.enabled()) {
            return PERMIT; // Vert.x then has no extension handler, and its frame decoder refuses RSV bits itself
        }
        HttpConnection connection = context.httpRequest().connection();
        if (!(connection instanceof ConnectionBase base)) {
            return PERMIT; // not HTTP/1.1: NettyChannelCapture refuses the upgrade
        }
        DeflateAgreement agreement = DeflateNegotiation.negotiate(
                context.httpRequest().headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS));
        ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get(VERTX_EXTENSION_HANDLER) != null) {
            pipeline.remove(VERTX_EXTENSION_HANDLER);
        }
        if (pipeline.get(DeflateHandshake.NAME) != null) {
            pipeline.remove(DeflateHandshake.NAME); // an earlier upgrade on this connection was refused
        }
        pipeline.addBefore(VERTX_HANDLER, DeflateHandshake.NAME, new DeflateHandshake(compression, agreement));
        return PERMIT;
    }
}
