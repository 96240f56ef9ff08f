package dev.switchboard.pusher.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.hooks.events.EventKind;
import dev.switchboard.hooks.events.EventSigner;
import dev.switchboard.hooks.events.HookEvent;
import dev.switchboard.pusher.PusherApp;
import dev.switchboard.pusher.PusherChannel;

/** Pusher's webhook body and headers made from the core's events (end to end with the SDK: PusherWebhooksTest). */
class PusherWebhookFormatTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_767_225_600_123L), ZoneOffset.UTC);

    @Test
    void eachKindBecomesPushersEventWithThePusherChannelName() {
        String presence = PusherChannel.of("app", "presence-a;b").coreName();
        String privateChannel = PusherChannel.of("app", "private-chat").coreName();
        List<HookEvent> batch = List.of(
                event(EventKind.OCCUPIED, presence, null, null, null, null),
                event(EventKind.JOINED, presence, null, "42", null, null),
                event(EventKind.CLIENT_EVENT, privateChannel, "1.2", "7", "client-typing", "{\"a\":1}"),
                event(EventKind.CLIENT_EVENT, presence, "1.3", "42", "client-wave", "hi"),
                event(EventKind.LEFT, presence, null, "42", null, null),
                event(EventKind.VACATED, presence, null, null, null, null),
                event(EventKind.CACHE_MISS, PusherChannel.of("app", "cache-x").coreName(), "1.4", null, null, null));
        String body = new String(new PusherWebhookFormat(new ObjectMapper(), CLOCK).format(batch),
                StandardCharsets.UTF_8);
        assertEquals("{\"time_ms\":1767225600123,\"events\":["
                + "{\"name\":\"channel_occupied\",\"channel\":\"presence-a;b\"},"
                + "{\"name\":\"member_added\",\"channel\":\"presence-a;b\",\"user_id\":\"42\"},"
                + "{\"name\":\"client_event\",\"channel\":\"private-chat\",\"event\":\"client-typing\","
                + "\"data\":\"{\\\"a\\\":1}\",\"socket_id\":\"1.2\"},"
                + "{\"name\":\"client_event\",\"channel\":\"presence-a;b\",\"event\":\"client-wave\",\"data\":\"hi\","
                + "\"socket_id\":\"1.3\",\"user_id\":\"42\"},"
                + "{\"name\":\"member_removed\",\"channel\":\"presence-a;b\",\"user_id\":\"42\"},"
                + "{\"name\":\"channel_vacated\",\"channel\":\"presence-a;b\"},"
                + "{\"name\":\"cache_miss\",\"channel\":\"cache-x\"}]}", body);
    }

    @Test
    void theHeadersAreTheKeyAndTheHexHmacOfTheBody() {
        PusherApp app = new PusherApp("app", "the-key", "the-secret", false, 100, 10240, 0, 100, 10);
        byte[] body = "{\"time_ms\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new PusherWebhookSigner(app).headers(body);
        assertEquals("the-key", headers.get("X-Pusher-Key"));
        // HMAC-SHA256("the-secret", body) as lower-case hex, no "sha256=" prefix (Pusher's form).
        assertEquals(EventSigner.signature("the-secret", body).substring("sha256=".length()),
                headers.get("X-Pusher-Signature"));
    }

    @Test
    void theConfiguredNamesAreCheckedAtStartup() {
        assertEquals(Set.of(EventKind.OCCUPIED, EventKind.CACHE_MISS),
                PusherWebhookKinds.of("app", List.of("channel_occupied", " cache_miss")));
        assertThrows(IllegalArgumentException.class, () -> PusherWebhookKinds.of("app", List.of("member_joined")));
    }

    private static HookEvent event(EventKind kind, String channel, String client, String user, String name,
            String data) {
        return new HookEvent("id", kind, 1, client, user, "pusher", channel, null, null, name, data);
    }
}
