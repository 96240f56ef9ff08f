package dev.switchboard.pusher.webhooks;

import java.util.Map;

import dev.switchboard.hooks.events.BodySigner;
import dev.switchboard.hooks.events.EventSigner;
import dev.switchboard.pusher.PusherApp;

/**
 * Pusher's webhook headers: {@code X-Pusher-Key} (the app's key) and {@code X-Pusher-Signature} (hex
 * HMAC-SHA256 of the exact body, keyed with the app's secret), as the Pusher server SDKs' {@code webhook()}
 * helpers verify them.
 */
final class PusherWebhookSigner implements BodySigner {

    static final String KEY = "X-Pusher-Key";
    static final String SIGNATURE = "X-Pusher-Signature";

    private final PusherApp app;

    PusherWebhookSigner(PusherApp app) {
        this.app = app;
    }

    @Override
    public Map<String, String> headers(byte[] body) {
        return Map.of(KEY, app.key(), SIGNATURE, EventSigner.hexHmac(app.secret(), body));
    }
}
