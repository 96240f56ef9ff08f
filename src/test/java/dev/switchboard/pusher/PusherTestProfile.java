package dev.switchboard.pusher;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two Pusher apps for the Pusher tests: app-one (client events on, presence channels of at most 2 users, events
 * of at most 2,000 bytes) and app-two (defaults: client events off), to show that apps never see each other.
 * app-three takes at most 2 connections (max-connections). The native API is on (an API key), to show it
 * reaching Pusher channels and users. A short heartbeat (a silent client is closed within seconds), a low message rate and few channels per
 * connection, for the tests of those limits.
 */
public class PusherTestProfile implements QuarkusTestProfile {

    static final String APP = "app-one";
    static final String KEY = "key-one";
    static final String SECRET = "secret-one";
    static final String OTHER_APP = "app-two";
    static final String OTHER_KEY = "key-two";
    static final String OTHER_SECRET = "secret-two";
    static final int MAX_EVENT_SIZE = 2000;
    static final int BURST = 60;
    static final int MAX_CHANNELS = 8;
    static final String QUOTA_APP = "app-three";
    static final String QUOTA_KEY = "key-three";
    static final int QUOTA = 2;
    static final String API_KEY = "native-api-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("switchboard.heartbeat.interval", "1s"),
                Map.entry("switchboard.heartbeat.timeout", "4s"),
                Map.entry("switchboard.limits.commands-per-second", "20"),
                Map.entry("switchboard.limits.command-burst", String.valueOf(BURST)),
                Map.entry("switchboard.limits.max-rate-limited", "1000"),
                Map.entry("switchboard.limits.max-channels-per-connection", String.valueOf(MAX_CHANNELS)),
                Map.entry("switchboard.pusher.apps.app-one.key", KEY),
                Map.entry("switchboard.pusher.apps.app-one.secret", SECRET),
                Map.entry("switchboard.pusher.apps.app-one.client-events", "true"),
                Map.entry("switchboard.pusher.apps.app-one.max-presence-members", "2"),
                Map.entry("switchboard.pusher.apps.app-one.max-event-size", String.valueOf(MAX_EVENT_SIZE)),
                Map.entry("switchboard.pusher.apps.app-two.key", OTHER_KEY),
                Map.entry("switchboard.pusher.apps.app-two.secret", OTHER_SECRET),
                Map.entry("switchboard.pusher.apps.app-three.key", QUOTA_KEY),
                Map.entry("switchboard.pusher.apps.app-three.secret", "secret-three"),
                Map.entry("switchboard.pusher.apps.app-three.max-connections", String.valueOf(QUOTA)),
                Map.entry("switchboard.api.keys", API_KEY));
    }
}
