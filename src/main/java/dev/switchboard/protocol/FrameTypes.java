package dev.switchboard.protocol;

import java.util.List;

/**
 * The protocol's frame types, written out: every {@link Command} a client may send and every {@link ServerFrame}
 * the server sends, each with its wire {@code type}. The decoder and the metrics take their types from here
 * instead of asking the JVM at run time ({@code getPermittedSubclasses()}, {@code getAnnotation}): in a native
 * image those answer only for classes registered with reflection metadata the build does not add by itself, and
 * an empty answer there silently counted every command as {@code invalid} (issue 15). {@code FrameTypesTest}
 * checks on the JVM that both lists match the sealed interfaces and their {@code @JsonTypeName}s, so a new frame
 * type cannot be left out.
 */
public final class FrameTypes {

    /** One frame type: its name on the wire (the {@code type} field) and its record class. */
    public record FrameType<T>(String wireName, Class<? extends T> type) {
    }

    /** Client-to-server commands, in the order the protocol lists them (error messages name them so). */
    public static final List<FrameType<Command>> COMMANDS = List.of(
            new FrameType<>("subscribe", Command.Subscribe.class),
            new FrameType<>("unsubscribe", Command.Unsubscribe.class),
            new FrameType<>("publish", Command.Publish.class),
            new FrameType<>("presence", Command.Presence.class),
            new FrameType<>("history", Command.History.class),
            new FrameType<>("ping", Command.Ping.class),
            new FrameType<>("rpc", Command.Rpc.class));

    /** Server-to-client frames: replies, then pushes. */
    public static final List<FrameType<ServerFrame>> SERVER_FRAMES = List.of(
            new FrameType<>("welcome", ServerFrame.Welcome.class),
            new FrameType<>("subscribed", ServerFrame.Subscribed.class),
            new FrameType<>("unsubscribed", ServerFrame.Unsubscribed.class),
            new FrameType<>("published", ServerFrame.Published.class),
            new FrameType<>("presence", ServerFrame.PresenceReply.class),
            new FrameType<>("history", ServerFrame.HistoryReply.class),
            new FrameType<>("pong", ServerFrame.Pong.class),
            new FrameType<>("rpc_result", ServerFrame.RpcResult.class),
            new FrameType<>("publication", ServerFrame.PublicationPush.class),
            new FrameType<>("join", ServerFrame.Join.class),
            new FrameType<>("leave", ServerFrame.Leave.class),
            new FrameType<>("error", ServerFrame.Error.class),
            new FrameType<>("disconnect", ServerFrame.Disconnect.class));

    private FrameTypes() {
    }
}
