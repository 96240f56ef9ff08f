package dev.switchboard.pusher.webhooks;

import java.time.Clock;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.hooks.events.EventKind;
import dev.switchboard.hooks.events.HookEvents;
import dev.switchboard.hooks.events.OutputSettings;
import dev.switchboard.pusher.PusherApp;
import dev.switchboard.pusher.PusherApps;
import dev.switchboard.pusher.PusherChannel;
import dev.switchboard.pusher.PusherConfig;
import io.quarkus.runtime.Startup;

/**
 * Each Pusher app's webhooks ({@code switchboard.pusher.apps.<app-id>.webhooks.url}) as one more output of the
 * core's event stream ({@link HookEvents#addOutput}): the same queue bound, batching, retries with backoff and
 * cluster-wide facts as the native events, in Pusher's body format and with Pusher's signature. The output takes
 * the app's own channels only, and the configured kinds; member events only on presence channels.
 */
@Singleton
@Startup
public class PusherWebhooks {

    public PusherWebhooks(PusherConfig config, PusherApps apps, HookEvents events, ObjectMapper json) {
        config.apps().forEach((id, settings) -> {
            PusherConfig.Webhooks webhooks = settings.webhooks();
            if (webhooks.url().isEmpty()) {
                return;
            }
            PusherApp app = apps.byId(id).orElseThrow();
            Set<EventKind> kinds = PusherWebhookKinds.of(id, webhooks.events());
            String prefix = PusherChannel.corePrefix(id, "");
            events.addOutput(webhooks.url().get(), new PusherWebhookFormat(json, Clock.systemUTC()),
                    new PusherWebhookSigner(app), event -> {
                        if (!kinds.contains(event.kind()) || event.channel() == null
                                || !event.channel().startsWith(prefix)) {
                            return false;
                        }
                        PusherChannel channel = PusherChannel.fromCore(event.channel());
                        boolean member = event.kind() == EventKind.JOINED || event.kind() == EventKind.LEFT;
                        return channel != null && (!member || channel.kind() == PusherChannel.Kind.PRESENCE);
                    },
                    new OutputSettings(webhooks.queueSize(), webhooks.batchSize(), webhooks.timeout(),
                            webhooks.minBackoff(), webhooks.maxBackoff()));
        });
    }
}
