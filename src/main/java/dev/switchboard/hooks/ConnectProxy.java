package dev.switchboard.hooks;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.model.Refusal;
import dev.switchboard.security.ClientIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The connect proxy: asks the back end who is behind an upgrade request that carries no connection token, passing
 * on the request's cookies and other configured headers. The back end answers with the user (and info, channels
 * and expiry), which becomes the connection's {@link ClientIdentity}, or refuses with 401 or 403. Any protocol's
 * upgrade check may use it.
 */
@Singleton
public class ConnectProxy {

    static final String HOOK = "connect";

    /** The back end's no: the HTTP status the upgrade is refused with (401 or 403) and why. */
    public record Refused(int status, String message) {
    }

    /** Either an identity (admitted) or a refusal; exactly one is set. */
    public record Decision(ClientIdentity identity, Refused refused) {
    }

    private final ProxyClient client;
    private final String url;
    private final Duration timeout;
    private final List<String> forwardHeaders;
    private final Set<String> protocols;

    public ConnectProxy(ProxyClient client, HooksConfig config) {
        this.client = client;
        this.url = config.connect().url().orElse(null);
        this.timeout = config.connect().timeout();
        this.forwardHeaders = config.connect().forwardHeaders();
        this.protocols = Set.copyOf(config.connect().protocols());
    }

    public boolean enabled() {
        return url != null;
    }

    /** Whether upgrades of {@code protocol} ask the hook ({@code switchboard.hooks.connect.protocols}). */
    public boolean asks(String protocol) {
        return url != null && protocols.contains(protocol);
    }

    /**
     * Asks the back end about one upgrade of {@code protocol}; fails with a {@link Refusal}
     * {@code BACKEND_UNAVAILABLE} when it gives no usable answer.
     */
    public Uni<Decision> connect(HttpServerRequest request, String protocol) {
        Map<String, String> headers = new HashMap<>();
        for (String name : forwardHeaders) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("protocol", protocol);
        body.put("path", request.path());
        body.put("remoteAddress", request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        return client.call(HOOK, url, timeout, headers, body, ConnectProxy::decide);
    }

    private static Decision decide(ProxyAnswer answer) {
        if (answer.refused()) {
            int status = answer.error().path("status").asInt(403);
            return new Decision(null, new Refused(status == 401 ? 401 : 403, answer.errorMessage("refused")));
        }
        JsonNode result = answer.result();
        JsonNode user = result.get("user");
        if (user != null && !user.isNull() && !user.isTextual()) {
            throw badField("user must be a string");
        }
        String userId = user == null || user.isNull() || user.asText().isEmpty() ? null : user.asText();
        JsonNode info = result.get("info");
        Set<String> channels = new LinkedHashSet<>();
        JsonNode list = result.get("channels");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw badField("channels must be an array of channel names");
            }
            list.forEach(channel -> channels.add(channel.asText()));
        }
        JsonNode expireAt = result.get("expireAt");
        Instant expires = null;
        if (expireAt != null && !expireAt.isNull()) {
            if (!expireAt.canConvertToLong()) {
                throw badField("expireAt must be a Unix time in seconds");
            }
            expires = Instant.ofEpochSecond(expireAt.asLong());
        }
        // The channels are subscribed for the client as it opens, and granted, so a private namespace's channel
        // needs no subscription token the back end would have to mint as well.
        return new Decision(new ClientIdentity(userId, info == null || info.isNull() ? null : info, channels,
                expires, channels), null);
    }

    private static ProxyClient.BadAnswer badField(String what) {
        return new ProxyClient.BadAnswer(what);
    }
}
