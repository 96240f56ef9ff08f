package dev.switchboard.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The configuration the gateway tests share (one profile, so Quarkus starts once for all of them): a short
 * heartbeat, and namespaces that exercise each option.
 */
public class GatewayTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("switchboard.node.name", "test-node"),
                Map.entry("switchboard.heartbeat.interval", "1s"),
                Map.entry("switchboard.heartbeat.timeout", "3s"),
                Map.entry("switchboard.namespaces.room.join-leave", "true"),
                Map.entry("switchboard.namespaces.short.history-size", "3"),
                Map.entry("switchboard.namespaces.brief.history-ttl", "1s"),
                Map.entry("switchboard.namespaces.feed.publish", "none"),
                Map.entry("switchboard.namespaces.members.publish", "subscribers"),
                Map.entry("switchboard.namespaces.quiet.presence", "false"),
                Map.entry("switchboard.namespaces.nohistory.history-size", "0"),
                Map.entry("switchboard.namespaces.vault.private", "true"),
                // The gateway tests use chat:* as a plain namespace; the demo's join-leave for chat is not theirs.
                Map.entry("switchboard.namespaces.chat.join-leave", "false"));
    }
}
