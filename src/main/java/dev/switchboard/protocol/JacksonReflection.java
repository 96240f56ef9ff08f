package dev.switchboard.protocol;

import dev.switchboard.model.ClientInfo;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;
import dev.switchboard.protocol.ServerFrame;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every type Jackson reads or writes by reflection, for the native image: the wire records and both sealed
 * frame hierarchies (the interfaces carry the type-id annotations, the records the fields; Jackson reads the
 * permitted subclasses through the annotations, which native-image does not follow by itself). Add a type here
 * when it becomes part of a frame or an API body.
 */
@RegisterForReflection(targets = {
        Command.class,
        Command.Subscribe.class,
        Command.Unsubscribe.class,
        Command.Publish.class,
        Command.Presence.class,
        Command.History.class,
        Command.Ping.class,
        Command.Rpc.class,
        ServerFrame.class,
        ServerFrame.Welcome.class,
        ServerFrame.Subscribed.class,
        ServerFrame.Unsubscribed.class,
        ServerFrame.Published.class,
        ServerFrame.PresenceReply.class,
        ServerFrame.PresenceCounts.class,
        ServerFrame.HistoryReply.class,
        ServerFrame.Pong.class,
        ServerFrame.RpcResult.class,
        ServerFrame.PublicationPush.class,
        ServerFrame.Join.class,
        ServerFrame.Leave.class,
        ServerFrame.Error.class,
        ServerFrame.Disconnect.class,
        Publication.class,
        PublisherInfo.class,
        ClientInfo.class,
        Position.class,
        ErrorCode.class
})
public final class JacksonReflection {
    private JacksonReflection() {
    }
}
