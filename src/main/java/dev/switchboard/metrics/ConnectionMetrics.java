package dev.switchboard.metrics;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of client connections, for every protocol: connections opened, closes by code, slow-consumer
 * cut-offs, and the frame counters each protocol builds for its own frame types. Every series carries a
 * {@code protocol} tag ({@code native}, later {@code pusher}). All counters are created up front, so the hot
 * path never builds tags or looks a meter up in the registry.
 */
@Singleton
public class ConnectionMetrics {

    /** Close code label for codes outside the table (clients may send any 3000-4999 code). */
    static final String OTHER = "other";

    /** The close codes of RFC 6455 and PROTOCOL.md that get a series of their own. */
    private static final int[] KNOWN_CLOSE_CODES = { 1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1011,
            4001, 4003, 4008, 4009, 4029 };

    /** The connection meters of one protocol. */
    public final class Meters {
        private final String protocol;
        private final Counter opened;
        private final Map<Integer, Counter> closes = new HashMap<>();
        private final Counter closesOther;
        private final Counter slowConsumers;
        private final Counter conflated;

        private Meters(String protocol) {
            this.protocol = protocol;
            opened = Counter.builder("switchboard.connections.opened")
                    .description("client connections opened (upgrades that succeeded), by protocol")
                    .tag("protocol", protocol)
                    .register(registry);
            for (int code : KNOWN_CLOSE_CODES) {
                closes.put(code, closeCounter(Integer.toString(code)));
            }
            closesOther = closeCounter(OTHER);
            slowConsumers = Counter.builder("switchboard.slow.consumer.disconnects")
                    .description("connections cut off with 4008 because their outbound queue overflowed")
                    .tag("protocol", protocol)
                    .register(registry);
            conflated = Counter.builder("switchboard.conflated.publications")
                    .description("publications a conflating connection replaced by a newer one of the same channel")
                    .tag("protocol", protocol)
                    .register(registry);
        }

        private Counter closeCounter(String code) {
            return Counter.builder("switchboard.closes")
                    .description("client connections closed, by WebSocket close code and protocol")
                    .tag("code", code)
                    .tag("protocol", protocol)
                    .register(registry);
        }

        public String protocol() {
            return protocol;
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

        /** A publication was replaced by a newer one of its channel on a conflating connection. */
        public void conflated() {
            conflated.increment();
        }

        /** The counters of one frame type; {@code inbound} true for frames received. Call at start-up only. */
        public FrameCounter frames(boolean inbound, String type) {
            String direction = inbound ? "in" : "out";
            String verb = inbound ? "received" : "sent";
            return new FrameCounter(
                    Counter.builder("switchboard.frames." + direction)
                            .description("WebSocket frames " + verb + ", by frame type and protocol")
                            .tag("type", type)
                            .tag("protocol", protocol)
                            .register(registry),
                    Counter.builder("switchboard.frames." + direction + ".bytes")
                            .description("payload bytes of the WebSocket frames " + verb + ", by frame type and "
                                    + "protocol")
                            .tag("type", type)
                            .tag("protocol", protocol)
                            .register(registry),
                    null);
        }

        /** A counter of this protocol's, e.g. its error frames by code. Call at start-up only. */
        public Counter counter(String name, String description, String tag, String value) {
            return Counter.builder(name).description(description).tag(tag, value).tag("protocol", protocol)
                    .register(registry);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Meters> byProtocol = new HashMap<>();

    public ConnectionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of a protocol, created on first use (each face asks once, at start-up). */
    public synchronized Meters of(String protocol) {
        return byProtocol.computeIfAbsent(protocol, Meters::new);
    }
}
