package dev.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The table behind the 405's Allow header: a path template matches its own paths only. */
class ApiCallsTest {

    @Test
    void aTemplateMatchesAnyOneSegmentForItsParameter() {
        assertEquals(Optional.of(Set.of("GET", "HEAD", "OPTIONS")),
                ApiCalls.allowedMethods("/api/v1/channels/chat:lobby/presence"));
        assertEquals(Optional.of(Set.of("GET", "HEAD", "OPTIONS")),
                ApiCalls.allowedMethods("/api/v1/channels/inbox#alice/history"));
        assertEquals(Optional.of(Set.of("POST", "OPTIONS")), ApiCalls.allowedMethods("/api/v1/publish"));
    }

    @Test
    void otherPathsAreNoCall() {
        assertTrue(ApiCalls.allowedMethods("/api/v1/channels/a/b/presence").isEmpty());
        assertTrue(ApiCalls.allowedMethods("/api/v1/publish/x").isEmpty());
        assertTrue(ApiCalls.allowedMethods("/api/v1/channels//history").isEmpty());
        assertTrue(ApiCalls.allowedMethods("/api/v1/channels/a.history").isEmpty());
        assertTrue(ApiCalls.allowedMethods("/api/v2/publish").isEmpty());
    }
}
