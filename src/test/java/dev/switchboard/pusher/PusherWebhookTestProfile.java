package dev.switchboard.pusher;

import java.util.HashMap;
import java.util.Map;

import dev.switchboard.hooks.HookBackend;

/** {@link PusherTestProfile}'s apps, app-one with webhooks to the test's receiver, retried after 100 to 400 ms. */
public class PusherWebhookTestProfile extends PusherTestProfile {

    static int receiverPort() {
        return HookBackend.port("pusher-webhooks");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("switchboard.pusher.apps.app-one.webhooks.url", "http://localhost:" + receiverPort() + "/pusher");
        overrides.put("switchboard.pusher.apps.app-one.webhooks.min-backoff", "100ms");
        overrides.put("switchboard.pusher.apps.app-one.webhooks.max-backoff", "400ms");
        overrides.put("switchboard.pusher.apps.app-one.webhooks.timeout", "2s");
        return overrides;
    }
}
