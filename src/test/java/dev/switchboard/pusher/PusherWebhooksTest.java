package dev.switchboard.pusher;

import java.net.URL;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.switchboard.hooks.events.HookEvents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Pusher webhooks end to end (src/test/browser/pusher/webhooks.mjs): pusher-js clients make each fact, the
 * script's own receiver verifies every POST with the pusher SDK's webhook() helper, fails the first one and gets
 * it again. The cache_miss comes from the core's {@link HookEvents#cacheMiss}, the call a face with cache
 * channels makes.
 */
@QuarkusTest
@TestProfile(PusherWebhookTestProfile.class)
class PusherWebhooksTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    HookEvents events;

    @Test
    void everyKindArrivesSignedAndARefusedBatchComesAgain() {
        NodeScript.requireTools(false);
        events.cacheMiss(PusherChannel.of(PusherTestProfile.APP, "cache-wh").coreName(), "1.2", "pusher");
        NodeScript.run("webhooks.mjs", base, Duration.ofMinutes(1),
                Integer.toString(PusherWebhookTestProfile.receiverPort()));
    }
}
