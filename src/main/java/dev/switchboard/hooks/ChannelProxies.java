package dev.switchboard.hooks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Refusal;
import io.smallrye.mutiny.Uni;

/**
 * The subscribe and publish proxies: the back end allows or refuses a subscription, and allows, refuses or
 * rewrites a client publication. Which namespaces ask is the namespace's option ({@code subscribe-proxy},
 * {@code publish-proxy}); the caller ({@code node.SubscribeFlow}, {@code node.Publisher}) checks it, so every
 * face gets the same answer.
 */
@Singleton
public class ChannelProxies {

    private final ProxyClient client;
    private final UpgradeHeaders headers;
    private final Target subscribe;
    private final Target publish;

    private record Target(String hook, String url, Duration timeout, List<String> forwardHeaders) {
        static Target of(String hook, HooksConfig.ConnectionProxy config) {
            return new Target(hook, config.url().orElse(null), config.timeout(),
                    config.forwardHeaders().orElse(List.of()));
        }
    }

    public ChannelProxies(ProxyClient client, HooksConfig config, UpgradeHeaders headers) {
        this.client = client;
        this.headers = headers;
        this.subscribe = Target.of("subscribe", config.subscribe());
        this.publish = Target.of("publish", config.publish());
    }

    /**
     * Asks whether {@code client} (null for readers that are no connection, such as SSE) may subscribe to
     * {@code channel}. Fails with {@code PERMISSION_DENIED} when the back end refuses and with
     * {@code BACKEND_UNAVAILABLE} when it cannot answer, or when no subscribe proxy is configured at all: a
     * namespace that asks for a proxy is never opened by a missing one.
     */
    public Uni<Void> checkSubscribe(ClientInfo client, String channel) {
        Map<String, Object> body = request(client, channel);
        return call(subscribe, client, body, answer -> {
            if (answer.refused()) {
                throw new Refusal(Refusal.Reason.PERMISSION_DENIED, answer.errorMessage("refused by the back end"));
            }
            return null;
        });
    }

    /**
     * Asks whether {@code client} may publish {@code data} to {@code channel}: the data to publish (the
     * back end's {@code result.data} when it gives one, else {@code data}), or a failure as for subscribe.
     */
    public Uni<JsonNode> checkPublish(ClientInfo client, String channel, JsonNode data) {
        Map<String, Object> body = request(client, channel);
        body.put("data", data);
        return call(publish, client, body, answer -> {
            if (answer.refused()) {
                throw new Refusal(Refusal.Reason.PERMISSION_DENIED, answer.errorMessage("refused by the back end"));
            }
            JsonNode replaced = answer.result().get("data");
            return replaced == null ? data : replaced;
        });
    }

    private <T> Uni<T> call(Target target, ClientInfo caller, Map<String, Object> body,
            Function<ProxyAnswer, T> read) {
        if (target.url() == null) {
            return Uni.createFrom().failure(new Refusal(Refusal.Reason.BACKEND_UNAVAILABLE,
                    "the namespace asks the " + target.hook() + " back end, and none is configured"));
        }
        return client.call(target.hook(), target.url(), target.timeout(),
                headers.of(caller == null ? null : caller.client(), target.forwardHeaders()), body, read);
    }

    static Map<String, Object> request(ClientInfo client, String channel) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", client == null ? null : client.client());
        body.put("user", client == null ? null : client.user());
        body.put("info", client == null ? null : client.info());
        if (channel != null) {
            body.put("channel", channel);
        }
        return body;
    }
}
