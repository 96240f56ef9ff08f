package dev.switchboard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The node-wide {@code switchboard.*} settings (node, broker, limits, heartbeat, namespaces), with the defaults of
 * PROTOCOL.md. The settings of one layer or face live with it in their own mappings: {@code switchboard.auth.*}
 * and {@code switchboard.allowed-origins} ({@code security.SecurityConfig}), {@code switchboard.api.*}
 * ({@code api.ApiConfig}), {@code switchboard.sse.*} ({@code api.SseConfig}), {@code switchboard.drain.*}
 * ({@code ops.DrainConfig}), {@code switchboard.demo.*} ({@code demo.TickerConfig}), {@code switchboard.redis.*}
 * ({@code broker.redis.RedisBrokerConfig}), {@code switchboard.hooks.*} ({@code hooks.HooksConfig}). docs/configuration.md lists them all; keep it in step.
 */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Name of this node, shown in {@code welcome.node}; defaults to the host name. */
    @WithName("node.name")
    Optional<String> nodeName();

    /**
     * Which engine holds streams and presence: {@code memory} (one node) or {@code redis} (several nodes); the
     * broker and the presence store always use the same one.
     */
    @WithDefault("memory")
    String broker();

    Heartbeat heartbeat();

    Limits limits();

    /** Options of the default namespace (channels without ':') and of every namespace not configured. */
    @WithName("channel-defaults")
    ChannelDefaults channelDefaults();

    /** Options per namespace; each unset option falls back to {@code switchboard.channel-defaults.*}. */
    Map<String, NamespaceConfig> namespaces();

    interface Heartbeat {
        /** How often the server pings each connection; also sent to clients as {@code welcome.pingInterval}. */
        @WithDefault("25s")
        Duration interval();

        /** A connection from which nothing arrived for this long is closed with 4009. */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Limits {
        /** Largest WebSocket message accepted; a larger one closes the connection with 1009. */
        @WithDefault("65536")
        int maxMessageSize();

        /** Channels one connection may be subscribed to at once; more get {@code limit_exceeded}. */
        @WithDefault("128")
        int maxChannelsPerConnection();

        /**
         * Bytes queued for one connection but not yet written to its socket; a client that stops reading
         * passes this and is closed with 4008, so it cannot hold the node's memory.
         */
        @WithDefault("1048576")
        long maxOutboundBuffer();

        /**
         * Bytes queued for all connections of the node together. Checked every second: over it, the connections
         * with the longest queues are closed with 4008 until the rest fits. Unset: a quarter of the JVM's maximum
         * direct memory (where Netty keeps queued frames; {@code -XX:MaxDirectMemorySize}, by default the max heap).
         */
        OptionalLong maxOutboundTotal();

        /** Commands of one connection waiting while an earlier one is still being processed. */
        @WithDefault("1024")
        int maxPendingCommands();

        /** Commands one connection may send per second on average (token bucket); 0 turns the limit off. */
        @WithDefault("1000")
        double commandsPerSecond();

        /** Commands one connection may send at once before the per-second rate applies. */
        @WithDefault("2000")
        int commandBurst();

        /** {@code rate_limited} answers within {@link #rateLimitWindow()} after which the connection gets 4029. */
        @WithDefault("100")
        int maxRateLimited();

        @WithDefault("10s")
        Duration rateLimitWindow();

        /**
         * Open /ws connections this node accepts; one more gets HTTP 503 at the upgrade and readiness says the
         * node is full. Unset: the process's open-file limit minus {@link #fileDescriptorReserve()}. 0: no limit.
         */
        OptionalInt maxConnections();

        /**
         * File descriptors kept free of WebSocket connections when max-connections is derived from the
         * open-file limit: for probes, API calls, SSE and poll clients, the broker, logs and the JVM's own
         * files. At most half of the limit is reserved.
         */
        @WithDefault("1000")
        int fileDescriptorReserve();

        /** Open /ws connections of one user on this node; one more gets HTTP 429 at the upgrade. 0: no limit. */
        @WithDefault("0")
        int maxConnectionsPerUser();

        /**
         * Time from accepting a connection to its first complete HTTP request head, and for a WebSocket upgrade
         * to the server's answer; a connection that takes longer is closed (slowloris). 0 turns the bound off.
         */
        @WithDefault("10s")
        Duration requestHeadTimeout();

        /**
         * How long a connection may hold conflated publications (a {@code slow-consumer: conflate} namespace's
         * subscriber whose queue is over its bound) before it is closed with 4008 all the same.
         */
        @WithDefault("30s")
        Duration maxConflationTime();
    }

    interface ChannelDefaults {
        @WithDefault("100")
        int historySize();

        @WithDefault("300s")
        Duration historyTtl();

        @WithDefault("true")
        boolean presence();

        /**
         * Presence answers counts only ({@code {clients, users}}), never the member list: for channels too big
         * to list, or whose members are nobody's business.
         */
        @WithDefault("false")
        boolean presenceCountsOnly();

        @WithDefault("false")
        boolean joinLeave();

        /** Who may publish from a client connection: {@code any}, {@code subscribers} or {@code none}. */
        @WithDefault("any")
        String publish();

        /** Whether subscribing needs a subscription token (a private namespace). */
        @WithName("private")
        @WithDefault("false")
        boolean privateChannels();

        /** Largest {@code data} of a client publication, in bytes of compact JSON; 0: only max-message-size. */
        @WithDefault("0")
        int maxPayloadSize();

        /** Whether each subscription asks the back end first ({@code switchboard.hooks.subscribe}). */
        @WithDefault("false")
        boolean subscribeProxy();

        /** Whether each client publication asks the back end first ({@code switchboard.hooks.publish}). */
        @WithDefault("false")
        boolean publishProxy();

        /** Whether subscribers may ask for Fossil deltas ({@code subscribe {delta: "fossil"}}). */
        @WithDefault("false")
        boolean delta();

        /** Whether a subscribe without {@code since} gets the newest publication in its reply unless it says no. */
        @WithDefault("false")
        boolean latestOnSubscribe();

        /**
         * What happens to a subscriber whose outbound queue passes its bound: {@code disconnect} (closed with 4008)
         * or {@code conflate} (queued publications of a channel are replaced by the newest one).
         */
        @WithDefault("disconnect")
        String slowConsumer();
    }

    interface NamespaceConfig {
        Optional<Integer> historySize();

        Optional<Duration> historyTtl();

        Optional<Boolean> presence();

        Optional<Boolean> presenceCountsOnly();

        Optional<Boolean> joinLeave();

        Optional<String> publish();

        @WithName("private")
        Optional<Boolean> privateChannels();

        Optional<Integer> maxPayloadSize();

        Optional<Boolean> subscribeProxy();

        Optional<Boolean> publishProxy();

        Optional<Boolean> delta();

        Optional<Boolean> latestOnSubscribe();

        Optional<String> slowConsumer();
    }
}
