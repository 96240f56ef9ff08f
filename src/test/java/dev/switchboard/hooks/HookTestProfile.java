package dev.switchboard.hooks;

import java.util.Map;

import dev.switchboard.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One profile for every hook test (one Quarkus start): every proxy and the events point at the test's back ends,
 * with short timeouts and backoffs so failures show fast, a short heartbeat (a silent client dies with 4009 in
 * about 3 s), a namespace that asks the subscribe proxy and one that asks the publish proxy.
 */
public class HookTestProfile implements QuarkusTestProfile {

    static final String EVENT_SECRET = "new-event-secret";
    static final String OLD_EVENT_SECRET = "old-event-secret";
    static final String PUSHER_KEY = "hook-app-key";

    static String proxyUrl(String path) {
        return "http://localhost:" + HookBackend.port("proxy") + path;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("switchboard.node.name", "hook-node"),
                Map.entry("switchboard.demo.ticker.enabled", "false"),
                Map.entry("switchboard.auth.hmac-secret", TestKeys.HMAC_SECRET),
                Map.entry("switchboard.heartbeat.interval", "1s"),
                Map.entry("switchboard.heartbeat.timeout", "3s"),
                Map.entry("switchboard.hooks.connect.url", proxyUrl("/connect")),
                Map.entry("switchboard.hooks.connect.timeout", "500ms"),
                Map.entry("switchboard.hooks.connect.protocols", "native,pusher"),
                Map.entry("switchboard.pusher.apps.hook-app.key", PUSHER_KEY),
                Map.entry("switchboard.pusher.apps.hook-app.secret", "hook-app-secret"),
                Map.entry("switchboard.hooks.subscribe.url", proxyUrl("/subscribe")),
                Map.entry("switchboard.hooks.subscribe.timeout", "500ms"),
                Map.entry("switchboard.hooks.subscribe.forward-headers", "Cookie,X-Client-Build"),
                Map.entry("switchboard.hooks.publish.url", proxyUrl("/publish")),
                Map.entry("switchboard.hooks.publish.timeout", "500ms"),
                Map.entry("switchboard.hooks.rpc.url", proxyUrl("/rpc")),
                Map.entry("switchboard.hooks.rpc.timeout", "500ms"),
                Map.entry("switchboard.hooks.events.url", "http://localhost:" + HookBackend.port("events") + "/events"),
                Map.entry("switchboard.hooks.events.secrets", EVENT_SECRET + "," + OLD_EVENT_SECRET),
                Map.entry("switchboard.hooks.events.timeout", "1s"),
                Map.entry("switchboard.hooks.events.min-backoff", "100ms"),
                Map.entry("switchboard.hooks.events.max-backoff", "400ms"),
                Map.entry("switchboard.namespaces.vip.private", "true"),
                Map.entry("switchboard.namespaces.guarded.subscribe-proxy", "true"),
                Map.entry("switchboard.namespaces.checked.publish-proxy", "true"));
    }
}
