package dev.switchboard.ops;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.FrameTypes;
import dev.switchboard.protocol.ServerFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The gateway's traffic counters: frames and their sizes in and out by frame type, errors by code, closes by
 * code, slow-consumer cut-offs. Every counter is created once, here; the hot path only looks a pre-built counter
 * up by frame class or enum (no registry lookup, no tag building, no allocation per message).
 *
 * <p>Sizes are the length of the frame's text, the same measure the outbound buffer limit uses: it equals the
 * payload in bytes for ASCII JSON and undercounts non-ASCII characters (not worth a second pass over every frame).
 */
@Singleton
@Startup // every series exists (at 0) from the start, so rate() and absent-series alerts work at once
public class GatewayMetrics {

    /** Frame type label for inbound text that did not decode into a command. */
    static final String INVALID = "invalid";
    static final String BINARY = "binary";
    /** Close code label for codes outside PROTOCOL.md's table (clients may send any 3000-4999 code). */
    static final String OTHER = "other";

    private static final int[] KNOWN_CLOSE_CODES = {
            CloseCodes.NORMAL, CloseCodes.GOING_AWAY, 1005, 1006, 1002, 1003, 1007, 1008, 1011,
            CloseCodes.MESSAGE_TOO_BIG, CloseCodes.UNAUTHORIZED, CloseCodes.FORBIDDEN, CloseCodes.SLOW_CONSUMER,
            CloseCodes.NO_HEARTBEAT, CloseCodes.RATE_LIMIT_ABUSE };

    /** The two counters of one frame type in one direction. */
    private record Traffic(Counter frames, Counter bytes) {
        void record(int size) {
            frames.increment();
            bytes.increment(size);
        }
    }

    private final Map<Class<?>, Traffic> inByCommand = new HashMap<>();
    private final Traffic inInvalid;
    private final Traffic inBinary;
    private final Map<Class<?>, Traffic> outByFrame = new HashMap<>();
    private final EnumMap<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<Integer, Counter> closes = new HashMap<>();
    private final Counter closesOther;
    private final Counter opened;
    private final Counter slowConsumers;

    public GatewayMetrics(MeterRegistry registry) {
        for (FrameTypes.FrameType<Command> type : FrameTypes.COMMANDS) {
            inByCommand.put(type.type(), traffic(registry, "in", type.wireName()));
        }
        inInvalid = traffic(registry, "in", INVALID);
        inBinary = traffic(registry, "in", BINARY);
        for (FrameTypes.FrameType<ServerFrame> type : FrameTypes.SERVER_FRAMES) {
            outByFrame.put(type.type(), traffic(registry, "out", type.wireName()));
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("switchboard.errors")
                    .description("error frames sent, by error code")
                    .tag("code", code.wire())
                    .register(registry));
        }
        for (int code : KNOWN_CLOSE_CODES) {
            closes.put(code, closeCounter(registry, Integer.toString(code)));
        }
        closesOther = closeCounter(registry, OTHER);
        opened = Counter.builder("switchboard.connections.opened")
                .description("protocol connections opened (/ws upgrades that succeeded)")
                .register(registry);
        slowConsumers = Counter.builder("switchboard.slow.consumer.disconnects")
                .description("connections cut off with 4008 because their outbound buffer overflowed")
                .register(registry);
    }

    private static Traffic traffic(MeterRegistry registry, String direction, String type) {
        return new Traffic(
                Counter.builder("switchboard.frames." + direction)
                        .description("WebSocket frames " + (direction.equals("in") ? "received" : "sent")
                                + " on /ws, by frame type")
                        .tag("type", type)
                        .register(registry),
                Counter.builder("switchboard.frames." + direction + ".bytes")
                        .description("size of the frames " + (direction.equals("in") ? "received" : "sent")
                                + " on /ws (text length), by frame type")
                        .tag("type", type)
                        .register(registry));
    }

    private static Counter closeCounter(MeterRegistry registry, String code) {
        return Counter.builder("switchboard.closes")
                .description("protocol connections closed, by WebSocket close code")
                .tag("code", code)
                .register(registry);
    }

    /** A text frame that decoded into {@code command}. */
    public void frameIn(Command command, int size) {
        Traffic traffic = inByCommand.get(command.getClass());
        (traffic != null ? traffic : inInvalid).record(size);
    }

    /** A text frame that is not a valid command (it is answered with an error frame). */
    public void invalidFrameIn(int size) {
        inInvalid.record(size);
    }

    public void binaryFrameIn(int size) {
        inBinary.record(size);
    }

    /** A frame handed to a connection's socket; error frames are also counted by code. */
    public void frameOut(ServerFrame frame, int size) {
        Traffic traffic = outByFrame.get(frame.getClass());
        if (traffic != null) {
            traffic.record(size);
        }
        if (frame instanceof ServerFrame.Error error) {
            errors.get(error.code()).increment();
        }
    }

    public void opened() {
        opened.increment();
    }

    public void closed(int code) {
        Counter counter = closes.get(code);
        (counter != null ? counter : closesOther).increment();
    }

    public void slowConsumer() {
        slowConsumers.increment();
    }
}
