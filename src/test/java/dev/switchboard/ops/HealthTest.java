package dev.switchboard.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class HealthTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void probesAreUpAndReadinessCountsConnections() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'event-loop' }.data.draining", equalTo(false));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'switchboard' }.data.broker", startsWith("memory"));
        try (TestClient a = TestClient.connect(base); TestClient b = TestClient.connect(base)) {
            a.subscribe("health:a");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.name", hasItem("switchboard"))
                    .body("checks.find { it.name == 'switchboard' }.data.connections", greaterThanOrEqualTo(2))
                    .body("checks.find { it.name == 'switchboard' }.data.subscriptions", greaterThanOrEqualTo(1))
                    .body("checks.find { it.name == 'switchboard' }.data.channels", greaterThanOrEqualTo(1))
                    .body("checks.find { it.name == 'switchboard' }.data.brokerReady", equalTo(true))
                    .body("checks.find { it.name == 'switchboard' }.data.draining", equalTo(false));
        }
    }
}
