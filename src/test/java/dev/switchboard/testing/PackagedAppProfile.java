package dev.switchboard.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Settings for the {@code @QuarkusIntegrationTest} tests (passed to the packaged jar or native executable):
 * no drain period, so that stopping the application between test runs takes no time, and an API key.
 */
public class PackagedAppProfile implements QuarkusTestProfile {

    public static final String API_KEY = "it-api-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("switchboard.drain.period", "0s", "switchboard.api.keys", API_KEY);
    }
}
