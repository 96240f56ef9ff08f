package dev.switchboard.connection.wire;

import dev.switchboard.connection.deflate.Compression;
import io.netty.channel.Channel;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;

/**
 * Puts Switchboard's strictness under a WebSocket connection that WebSockets Next has just opened: Netty's
 * UTF-8 validator for text messages (RFC 6455 8.1: invalid UTF-8 fails the connection with 1007, checked
 * across fragments; Vert.x adds none and would decode the bytes with replacement characters) and
 * {@link FrameViolations}, which turns every violation the decoder or the validator reports into a close frame
 * and a lingering close. Both go right before Vert.x's handler, so they see frames after permessage-deflate
 * has inflated them; so does {@link EmptyFirstFragment}, a fix for Vert.x's aggregation of fragments.
 * {@link ReservedBits} goes right after the frame decoder, before permessage-deflate clears RSV1.
 */
public final class WebSocketWire {

    /** The name of Vert.x's connection handler in the channel pipeline (VertxHandler). */
    private static final String VERTX_HANDLER = "handler";
    private static final UserData.TypedKey<FrameViolations> WIRE = new UserData.TypedKey<>("switchboard.wire");

    private WebSocketWire() {
    }

    /** Installs the handlers on an open WebSocket's channel; call on its event loop (an {@code @OnOpen}). */
    public static void install(WebSocketConnection connection, Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(HttpLingeringClose.NAME) != null) {
            pipeline.remove(HttpLingeringClose.NAME); // WebSocket closes are FrameViolations' (and Vert.x's)
        }
        FrameViolations violations = new FrameViolations();
        ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
        if (decoder != null) {
            pipeline.addAfter(decoder.name(), "switchboardReservedBits", new ReservedBits(Compression.negotiatedOn(pipeline)));
        }
        // closeOnProtocolViolation false: the validator reports, FrameViolations answers (one place for all).
        pipeline.addBefore(VERTX_HANDLER, "switchboardUtf8", new Utf8FrameValidator(false));
        pipeline.addBefore(VERTX_HANDLER, "switchboardFrameViolations", violations);
        pipeline.addBefore(VERTX_HANDLER, "switchboardEmptyFirstFragment", new EmptyFirstFragment());
        connection.userData().put(WIRE, violations);
    }


    /**
     * The close code of a closed connection by RFC 6455 7.1.5, as seen on the wire: the status this server
     * failed it with, else the code of the client's close frame (1005 when that had none), else 1006 (no close
     * frame). Codes the server closed with through WebSockets Next are the caller's to know.
     */
    public static int closeCode(WebSocketConnection connection) {
        FrameViolations violations = connection.userData().get(WIRE);
        return violations == null ? FrameViolations.ABNORMAL : violations.closeCode();
    }
}
