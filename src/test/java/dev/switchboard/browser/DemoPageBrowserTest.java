package dev.switchboard.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The demo page at / in headless chromium. Every script saves screenshots under target/browser-screenshots/.
 */
@QuarkusTest
class DemoPageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    /** Two people chat and see each other; Bob's network drops, Alice keeps writing, Bob catches up exactly once. */
    @Test
    void chatSurvivesADroppedConnection() {
        BrowserScript.run("chat.mjs", base, Duration.ofMinutes(2), "network");
    }

    /**
     * At 1280x800 the chat input and the whole ticker are in view; offline, no badge or figure pretends to be
     * current and a typed message shows as pending until it is sent; a lost history is explained by its cause;
     * no console warnings.
     */
    @Test
    void demoStaysHonestWhileDisconnected() {
        BrowserScript.run("offline.mjs", base, Duration.ofMinutes(2));
    }

    @Test
    void tickerShowsLiveQuotes() {
        BrowserScript.run("ticker.mjs", base, Duration.ofMinutes(1));
    }

    /**
     * Both meters show a number. GET /poll is part of this server (api/FallbackRoutes), so a long-poll meter that
     * says n/a means /poll is broken: a failure, not a case to accept.
     */
    @Test
    void latencyPanelShowsBothNumbers() {
        // The answer the demo's first poll reads (no since: where the stream stands), checked here too so that a
        // broken /poll fails with the server's answer rather than only as a browser check.
        given().queryParam("channel", "latency-probe").queryParam("timeout", 0)
                .get("/poll")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("channel", equalTo("latency-probe"), "epoch", notNullValue(), "offset", notNullValue());
        BrowserScript.run("latency.mjs", base, Duration.ofMinutes(1));
    }

    @Test
    void layoutWorksOnDesktopAndPhone() {
        BrowserScript.run("layout.mjs", base, Duration.ofMinutes(1));
    }
}
