package dev.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With no API key configured the API is off, never open: every call, with or without a key, gets 401 and a
 * problem saying how to turn it on. The Swagger UI is off too (switchboard.api.docs defaults to false).
 */
@QuarkusTest
@TestProfile(ApiDisabledTest.NoKeys.class)
class ApiDisabledTest {

    public static class NoKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.demo.ticker.enabled", "false");
        }
    }

    @Test
    void everyCallIs401WithHowToEnable() {
        for (String path : new String[] { "/api/v1/info", "/api/v1/channels/chat/history", "/api/v1/unknown" }) {
            given().header("X-API-Key", "anything").get(path).then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:switchboard:problem:api-disabled"))
                    .body("status", equalTo(401))
                    .body("detail", containsString("switchboard.api.keys"))
                    .body("detail", containsString("X-API-Key"));
        }
        given().contentType(ContentType.JSON).body("{\"channel\":\"chat\",\"data\":1}").post("/api/v1/publish")
                .then().statusCode(401).body("type", equalTo("urn:switchboard:problem:api-disabled"));
    }

    @Test
    void swaggerUiIsOffByDefaultButTheOpenApiDocumentIsServed() {
        given().redirects().follow(false).get("/q/swagger-ui/").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("switchboard.api.docs=true"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/publish"));
    }

    @Test
    void fallbacksNeedNoKey() {
        given().queryParam("channel", "chat").get("/poll").then().statusCode(200)
                .body("channel", equalTo("chat"));
    }
}
