package dev.switchboard.gateway;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.switchboard.metrics.ConnectionMetrics;
import dev.switchboard.metrics.FrameCounter;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.FrameTypes;
import dev.switchboard.protocol.ServerFrame;
import io.quarkus.runtime.Startup;

/**
 * The native protocol's meters ({@code protocol="native"}): frames in and out by frame type, error frames by
 * code, and the connection meters. Every counter is created once, here; the hot path only looks a pre-built
 * counter up by frame class or enum (no registry lookup, no tag building, no allocation per message). Sizes are
 * payload bytes (UTF-8 for JSON, the encoding's bytes for CBOR).
 */
@Singleton
@Startup // every series exists (at 0) from the start, so rate() and absent-series alerts work at once
public class NativeFrameMetrics {

    public static final String PROTOCOL = "native";
    /** Frame type label for inbound frames that did not decode into a command. */
    static final String INVALID = "invalid";

    private final ConnectionMetrics.Meters meters;
    private final Map<Class<?>, FrameCounter> in = new HashMap<>();
    private final FrameCounter inInvalid;
    private final Map<Class<?>, FrameCounter> out = new HashMap<>();
    private final EnumMap<ErrorCode, FrameCounter> errors = new EnumMap<>(ErrorCode.class);
    /** The frame of each channel event kind: looked up once per delivery, so an array index, not a hash look-up. */
    private final EnumMap<ChannelEvent.Kind, FrameCounter> events = new EnumMap<>(ChannelEvent.Kind.class);

    public NativeFrameMetrics(ConnectionMetrics metrics) {
        this.meters = metrics.of(PROTOCOL);
        // The written-out lists, not getPermittedSubclasses(): a native image answers that with nothing (issue 15).
        for (FrameTypes.FrameType<Command> type : FrameTypes.COMMANDS) {
            in.put(type.type(), meters.frames(true, type.wireName()));
        }
        inInvalid = meters.frames(true, INVALID);
        for (FrameTypes.FrameType<ServerFrame> type : FrameTypes.SERVER_FRAMES) {
            out.put(type.type(), meters.frames(false, type.wireName()));
        }
        for (ChannelEvent.Kind kind : ChannelEvent.Kind.values()) {
            events.put(kind, out.get(switch (kind) {
                case PUBLICATION -> ServerFrame.PublicationPush.class;
                case JOIN -> ServerFrame.Join.class;
                case LEAVE -> ServerFrame.Leave.class;
            }));
        }
        FrameCounter errorFrames = out.get(ServerFrame.Error.class);
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, errorFrames.alsoCounting(meters.counter("switchboard.errors",
                    "error frames sent, by error code", "code", code.wire())));
        }
    }

    public ConnectionMetrics.Meters connections() {
        return meters;
    }

    /** An inbound frame, text or binary, that decoded into {@code command}. */
    void frameIn(Command command, int size) {
        in.get(command.getClass()).record(size);
    }

    /** An inbound frame that is not a valid command (it is answered with an error frame). */
    void invalidFrameIn(int size) {
        inInvalid.record(size);
    }

    /** The counter an outbound frame is recorded in once written. */
    FrameCounter out(ServerFrame frame) {
        return frame instanceof ServerFrame.Error error ? errors.get(error.code()) : out.get(frame.getClass());
    }

    /** The counter a channel event's frame (publication, join, leave) is recorded in: once per delivery. */
    FrameCounter out(ChannelEvent.Kind kind) {
        return events.get(kind);
    }
}
