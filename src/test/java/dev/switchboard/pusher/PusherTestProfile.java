package dev.switchboard.pusher;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two Pusher apps for the Pusher tests: app-one (client events on, presence channels of at most 2 users, events
 * of at most 2,000 bytes) and app-two (defaults: client events off), to show that apps never see each other.
 */
public class PusherTestProfile implements QuarkusTestProfile {

    static final String APP = "app-one";
    static final String KEY = "key-one";
    static final String SECRET = "secret-one";
    static final String OTHER_APP = "app-two";
    static final String OTHER_KEY = "key-two";
    static final String OTHER_SECRET = "secret-two";
    static final int MAX_EVENT_SIZE = 2000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "switchboard.pusher.apps.app-one.key", KEY,
                "switchboard.pusher.apps.app-one.secret", SECRET,
                "switchboard.pusher.apps.app-one.client-events", "true",
                "switchboard.pusher.apps.app-one.max-presence-members", "2",
                "switchboard.pusher.apps.app-one.max-event-size", String.valueOf(MAX_EVENT_SIZE),
                "switchboard.pusher.apps.app-two.key", OTHER_KEY,
                "switchboard.pusher.apps.app-two.secret", OTHER_SECRET);
    }
}
