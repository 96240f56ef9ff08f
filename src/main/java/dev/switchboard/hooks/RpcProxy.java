package dev.switchboard.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Refusal;
import io.smallrye.mutiny.Uni;

/**
 * The rpc proxy: a client's call ({@code method}, {@code data}) goes to the back end, whose {@code result.data}
 * is the reply. A back end {@code error} fails the call with {@code BACKEND_REFUSED} and the back end's message.
 */
@Singleton
public class RpcProxy {

    private static final String HOOK = "rpc";

    private final ProxyClient client;
    private final String url;
    private final Duration timeout;
    private final UpgradeHeaders headers;
    private final List<String> forwardHeaders;

    public RpcProxy(ProxyClient client, HooksConfig config, UpgradeHeaders headers) {
        this.client = client;
        this.url = config.rpc().url().orElse(null);
        this.timeout = config.rpc().timeout();
        this.headers = headers;
        this.forwardHeaders = config.rpc().forwardHeaders().orElse(List.of());
    }

    /** Calls {@code method} for {@code caller}; the reply's data (JSON null when the back end gave none). */
    public Uni<JsonNode> call(ClientInfo caller, String method, JsonNode data) {
        if (url == null) {
            return Uni.createFrom().failure(new Refusal(Refusal.Reason.BACKEND_UNAVAILABLE,
                    "rpc is not configured on this server"));
        }
        Map<String, Object> body = ChannelProxies.request(caller, null);
        body.put("method", method);
        body.put("data", data);
        return client.call(HOOK, url, timeout, headers.of(caller.client(), forwardHeaders), body, answer -> {
            if (answer.refused()) {
                throw new Refusal(Refusal.Reason.BACKEND_REFUSED, answer.errorMessage("the call failed"));
            }
            JsonNode reply = answer.result().get("data");
            return reply == null ? NullNode.getInstance() : reply;
        });
    }
}
