package dev.switchboard.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.switchboard.testing.ArtifactUnderTest;
import dev.switchboard.testing.JdkWebSocket;
import dev.switchboard.testing.PackagedAppProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** Probes and metrics of the packaged application (the jar, or the native executable with -Dnative). */
@ExtendWith(ArtifactUnderTest.class) // first: checks and prints the artifact before Quarkus launches it
@QuarkusIntegrationTest
@TestProfile(PackagedAppProfile.class)
class HealthIT {

    @TestHTTPResource("/")
    URI base;

    @Test
    void probesAreUpWithTheirData() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'switchboard' }.data.version", equalTo("1.0.0"));
        try (JdkWebSocket client = JdkWebSocket.connect(base)) {
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'switchboard' }.data.connections", greaterThanOrEqualTo(1))
                    .body("checks.find { it.name == 'switchboard' }.data.draining", equalTo(false));
        }
    }

    @Test
    void metricsArePublishedForPrometheus() {
        try (JdkWebSocket client = JdkWebSocket.connect(base)) {
            client.request("ping", "");
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("switchboard_connections "))
                    .body(containsString("switchboard_frames_in_total{protocol=\"native\",type=\"ping\"}"))
                    .body(containsString("switchboard_broker_operation_seconds_bucket"))
                    .body(containsString("switchboard_frames_out_total{protocol=\"native\",type=\"pong\"}"));
        }
    }
}
