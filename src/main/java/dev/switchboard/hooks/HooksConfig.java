package dev.switchboard.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code switchboard.hooks.*}: the back end's proxies (Switchboard asks it) and events (Switchboard tells it).
 * Every hook is off until its {@code url} is set (docs/hooks.md).
 */
@ConfigMapping(prefix = "switchboard.hooks")
public interface HooksConfig {

    /** Asked at each upgrade that carries no connection token; its answer becomes the connection's identity. */
    ConnectProxy connect();

    /** Asked before a subscription to a namespace with {@code subscribe-proxy=true} is made. */
    ConnectionProxy subscribe();

    /** Asked before a client publication to a namespace with {@code publish-proxy=true} is stored. */
    ConnectionProxy publish();

    /** Answers the native {@code rpc} command. */
    ConnectionProxy rpc();

    Events events();

    interface Proxy {
        /** Where the JSON request is POSTed; unset: this proxy is off. */
        Optional<String> url();

        /** How long the back end has to answer; after it the request fails with {@code backend_unavailable}. */
        @WithDefault("3s")
        Duration timeout();
    }

    /** A proxy asked on behalf of an open connection (subscribe, publish, rpc). */
    interface ConnectionProxy extends Proxy {
        /**
         * Headers of the connection's upgrade request passed on with every call, as they came (e.g. a session
         * cookie the back end checks again). Unset: none.
         */
        Optional<List<String>> forwardHeaders();
    }

    interface ConnectProxy extends Proxy {
        /** Headers of the client's upgrade request passed on to the back end, as they came. */
        @WithDefault("Cookie,Authorization")
        List<String> forwardHeaders();

        /**
         * The protocols whose upgrades ask the hook: {@code native} ({@code /ws}) and {@code pusher}
         * ({@code /app/{key}}: the answer's user becomes the connection's user; refusals are 401/403).
         */
        @WithDefault("native")
        List<String> protocols();
    }

    interface Events {
        /** Where batches of events are POSTed; unset: no events are collected at all. */
        Optional<String> url();

        /**
         * HMAC-SHA256 secrets: the body is signed with the first; list the new one first and keep the old one
         * while back ends move over (they accept a signature made with any secret they know). Unset: unsigned.
         */
        Optional<List<String>> secrets();

        /** Events the node keeps waiting for delivery; one more is dropped and counted. */
        @WithDefault("10000")
        int queueSize();

        /** Most events in one POST. */
        @WithDefault("100")
        int batchSize();

        /** How long one POST may take before it counts as failed and is retried. */
        @WithDefault("5s")
        Duration timeout();

        /** First retry delay; doubled after each failure up to {@link #maxBackoff()}, with full jitter. */
        @WithDefault("500ms")
        Duration minBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
