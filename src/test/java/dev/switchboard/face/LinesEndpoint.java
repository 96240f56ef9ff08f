package dev.switchboard.face;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.CatchUpSubscriber;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionRegistry;
import dev.switchboard.connection.Outbound;
import dev.switchboard.metrics.ConnectionMetrics;
import dev.switchboard.metrics.FrameCounter;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Encoding;
import dev.switchboard.model.Position;
import dev.switchboard.node.SubscribeFlow;
import dev.switchboard.security.ClientIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;

/**
 * A second protocol, for tests only: {@code /test/lines?channel=C&since=E:O} sends one JSON line per publication
 * ({@code {"n":offset,"d":data}}), after a first line with the stream's position. It is built from the core's
 * parts alone (a neutral connection, the shared subscribe flow, an encoding of its own), touching nothing in the
 * core: the proof that a face can be added without a change below it.
 */
@WebSocket(path = "/test/lines")
public class LinesEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Encoding<byte[]> LINE = event -> line(JSON.createObjectNode()
            .put("n", event.offset()).set("d", event.publication().data()));
    private static final UserData.TypedKey<Lines> LINES = new UserData.TypedKey<>("test.lines");

    private final SubscribeFlow flow;
    private final ConnectionRegistry connections;
    private final ConnectionMetrics.Meters meters;
    private final FrameCounter sent;

    public LinesEndpoint(SubscribeFlow flow, ConnectionRegistry connections, ConnectionMetrics metrics) {
        this.flow = flow;
        this.connections = connections;
        this.meters = metrics.of("lines");
        this.sent = meters.frames(false, "line");
    }

    /** This face's subscriber: the shared exactly-once subscriber, writing lines. */
    private final class Lines extends CatchUpSubscriber {
        final Connection connection;

        Lines(Connection connection, String channel) {
            super(channel);
            this.connection = connection;
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return connection.eventLoop();
        }

        @Override
        protected void push(ChannelEvent event) {
            if (event.kind() == ChannelEvent.Kind.PUBLICATION) {
                connection.send(event.encoded(LINE), false, sent);
            }
        }
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection socket) {
        Connection connection = new Connection(socket, Outbound.open(socket), new ClientInfo(socket.id(), null, null),
                meters, 1 << 20, (code, reason) -> null);
        connections.add(connection);
        ChannelName channel = ChannelName.parse(param(socket, "channel"));
        String since = param(socket, "since");
        flow.checkAccess(ClientIdentity.ANONYMOUS, channel, null);
        Lines lines = new Lines(connection, channel.value());
        socket.userData().put(LINES, lines);
        flow.join(lines, since == null ? null : Position.parse(since), null).subscribe().with(
                catchUp -> lines.activate(() -> connection.send(line(JSON.createObjectNode()
                        .put("epoch", catchUp.top().epoch()).put("offset", catchUp.top().offset())
                        .put("recovered", catchUp.recovered())), false, sent),
                        catchUp.publications(), catchUp.top().offset()),
                failure -> connection.disconnect(1011, "subscribe failed"));
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection socket) {
        Lines lines = socket.userData().remove(LINES);
        if (lines != null) {
            connections.remove(lines.connection);
            flow.leave(lines, null).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    private static byte[] line(ObjectNode node) {
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String param(WebSocketConnection socket, String name) {
        String query = socket.handshakeRequest().query();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
