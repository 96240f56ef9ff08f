package dev.switchboard.pusher;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Pusher face with the peers' own npm packages: pusher-js 8 (its Node build) as the client and the pusher
 * server SDK 5 as the back end (src/test/browser/pusher/*.mjs), over real sockets; Laravel Echo 2 over pusher-js;
 * and pusher-js's web build in headless Chromium.
 */
@QuarkusTest
@TestProfile(PusherTestProfile.class)
class PusherClientsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @TestHTTPResource("/")
    URL base;

    @Test
    void publicChannelsSocketIdExclusionAndAppIsolation() {
        NodeScript.run("public.mjs", base, TIMEOUT);
    }

    @Test
    void privateChannelSignedByTheSdkAndForgeryRefused() {
        NodeScript.run("private.mjs", base, TIMEOUT);
    }

    @Test
    void encryptedChannelsRelayTheCiphertextUntouched() {
        NodeScript.run("encrypted.mjs", base, TIMEOUT);
    }

    @Test
    void presenceCountsUsersNotConnections() {
        NodeScript.run("presence.mjs", base, TIMEOUT);
    }

    @Test
    void laravelEchoOverPusherJs() {
        NodeScript.run("echo.mjs", base, TIMEOUT);
    }

    @Test
    void pusherJsWebBuildInChromium() {
        NodeScript.run("chromium.mjs", base, TIMEOUT);
    }

    @Test
    void clientEventsReachOthersAndAreNotEchoed() {
        NodeScript.run("client-events.mjs", base, TIMEOUT);
    }

    @Test
    void cacheChannelsReplayTheLastEventOrAnswerCacheMiss() {
        NodeScript.run("cache.mjs", base, TIMEOUT);
    }

    @Test
    void signinSendToUserAndTerminateUserConnections() {
        NodeScript.run("users.mjs", base, TIMEOUT);
    }

    @Test
    void everyHttpApiCallOfTheServerSdk() {
        NodeScript.run("sdk-api.mjs", base, TIMEOUT);
    }

    @Test
    void aThousandClientsReceiveTwoHundredEventsInOrder() {
        NodeScript.run("thousand.mjs", base, Duration.ofMinutes(3), "1000", "200");
    }
}
