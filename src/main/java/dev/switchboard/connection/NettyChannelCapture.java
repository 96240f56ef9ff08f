package dev.switchboard.connection;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Hands the Netty channel under an upgrade request to the endpoint that opens on it, for {@link Outbound}.
 * WebSockets Next exposes no channel; the HTTP/1.1 connection the upgrade arrives on is the one the WebSocket
 * then uses, and Vert.x's connection class gives its channel. Looked up once per connection, never per frame.
 */
@Singleton
public class NettyChannelCapture implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(NettyChannelCapture.class);
    private static final UserData.TypedKey<Channel> CHANNEL = new UserData.TypedKey<>("switchboard.channel");
    private static final Uni<CheckResult> PERMIT = CheckResult.permitUpgrade();
    private static final Uni<CheckResult> FAIL = CheckResult.rejectUpgrade(500);

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpConnection connection = context.httpRequest().connection();
        if (!(connection instanceof ConnectionBase base)) {
            // Only HTTP/1.1 carries WebSocket upgrades in Vert.x 4, and its connections are ConnectionBase.
            LOG.errorf("cannot reach the socket of a %s: upgrade refused", connection.getClass().getName());
            return FAIL;
        }
        context.userData().put(CHANNEL, base.channel());
        return PERMIT;
    }

    /** The channel of an opened connection, taken out of its user data (which lives as long as it does). */
    static Channel take(WebSocketConnection connection) {
        Channel channel = connection.userData().remove(CHANNEL);
        if (channel == null) {
            throw new IllegalStateException("no channel captured for connection " + connection.id());
        }
        return channel;
    }
}
