package dev.switchboard.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The configuration the gateway tests share (one profile, so Quarkus starts once for all of them): namespaces
 * that exercise each option. The heartbeat keeps its defaults here, so a loaded test machine never trips it;
 * HeartbeatTest has a profile of its own.
 */
public class GatewayTestProfile implements QuarkusTestProfile {

    /** A key the HTTP API accepts under this profile (header X-API-Key). */
    public static final String API_KEY = "test-api-key-1";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("switchboard.node.name", "test-node"),
                Map.entry("switchboard.namespaces.room.join-leave", "true"),
                Map.entry("switchboard.namespaces.short.history-size", "3"),
                Map.entry("switchboard.namespaces.brief.history-ttl", "1s"),
                Map.entry("switchboard.namespaces.feed.publish", "none"),
                Map.entry("switchboard.namespaces.members.publish", "subscribers"),
                Map.entry("switchboard.namespaces.quiet.presence", "false"),
                Map.entry("switchboard.namespaces.crowd.presence-counts-only", "true"),
                Map.entry("switchboard.namespaces.nohistory.history-size", "0"),
                // History longer than any test burst: recovery from offset 0 works wherever the subscribe lands.
                Map.entry("switchboard.namespaces.burst.history-size", "5000"),
                Map.entry("switchboard.namespaces.vault.private", "true"),
                // Tickers and game state (issue 19): deltas with a history long enough to recover 1,000 updates,
                // the newest publication on subscribe by default, conflation instead of disconnect.
                Map.entry("switchboard.namespaces.tick.delta", "true"),
                Map.entry("switchboard.namespaces.tick.history-size", "2000"),
                Map.entry("switchboard.namespaces.state.latest-on-subscribe", "true"),
                Map.entry("switchboard.namespaces.cursor.slow-consumer", "conflate"),
                // HTTP API (dev.switchboard.api tests): two keys, docs served, a quick SSE heartbeat.
                Map.entry("switchboard.api.keys", API_KEY + ",second-test-key"),
                Map.entry("switchboard.api.docs", "true"),
                Map.entry("switchboard.sse.heartbeat-interval", "1s"),
                // The gateway tests use chat:* as a plain namespace; the demo's join-leave for chat is not theirs.
                Map.entry("switchboard.namespaces.chat.join-leave", "false"));
    }
}
