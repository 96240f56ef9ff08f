package dev.switchboard.api;

import java.util.HashSet;
import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.model.InputExcerpt;
import dev.switchboard.SwitchboardConfig;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.model.Refusal;
import dev.switchboard.security.ChannelAccess;
import dev.switchboard.security.ClientIdentity;
import dev.switchboard.security.InvalidTokenException;
import dev.switchboard.security.SecurityConfig;
import dev.switchboard.security.TokenVerifier;

/**
 * Who a /sse or /poll request is and which channels it may read, by the rules of a /ws connection: a connection
 * token ({@code ?token=} since EventSource cannot set headers, or {@code Authorization: Bearer}) or, where
 * anonymous connections are allowed, none; valid names, at most the per-connection channel limit, no repeats,
 * and the subscribe permissions of {@link ChannelAccess} (no subscription tokens: a private channel needs to be
 * granted by the connection token's {@code channels} claim).
 */
@Singleton
public class FallbackChannels {

    private static final Logger LOG = Logger.getLogger(FallbackChannels.class);

    private final ChannelAccess access;
    private final TokenVerifier tokens;
    private final boolean anonymousAllowed;
    private final int maxChannels;

    public FallbackChannels(ChannelAccess access, TokenVerifier tokens, SecurityConfig security,
            SwitchboardConfig config) {
        this.access = access;
        this.tokens = tokens;
        this.anonymousAllowed = security.auth().anonymous();
        this.maxChannels = config.limits().maxChannelsPerConnection();
    }

    /** The identity of a request; {@code token} may be null. */
    ClientIdentity identify(String token) {
        if (token == null || token.isBlank()) {
            if (!anonymousAllowed) {
                throw new ApiProblem(Problem.of(401, "token-required", "Connection token required",
                        "This server accepts no anonymous clients: send a connection token as ?token=<jwt> or in "
                                + "an Authorization: Bearer header."));
            }
            return ClientIdentity.ANONYMOUS;
        }
        try {
            return tokens.connection(token);
        } catch (InvalidTokenException e) {
            LOG.debugf("fallback token refused: %s", e.getMessage());
            throw new ApiProblem(Problem.of(401, "invalid-token", "Connection token refused",
                    "The connection token is invalid or expired; get a new one from the application."));
        }
    }

    List<ChannelName> parse(List<String> names, ClientIdentity identity) {
        if (names.isEmpty()) {
            throw ApiProblem.badRequest(BadRequest.MISSING_FIELD, "Name at least one channel: ?channel=<name>.");
        }
        if (names.size() > maxChannels) {
            throw ApiProblem.badRequest(BadRequest.TOO_MANY_CHANNELS, "At most " + maxChannels
                    + " channels per request (switchboard.limits.max-channels-per-connection).");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw ApiProblem.badRequest(BadRequest.DUPLICATE_CHANNEL, "A channel is named more than once.");
        }
        return names.stream().map(name -> parseOne(name, identity)).toList();
    }

    private ChannelName parseOne(String name, ClientIdentity identity) {
        if (!ChannelName.isValid(name)) {
            throw ApiProblem.invalidChannel("'" + InputExcerpt.of(name) + "' is not a channel name: "
                    + ChannelName.RULE + ".");
        }
        ChannelName channel;
        try {
            channel = ChannelName.parse(name);
        } catch (Refusal e) {
            throw ApiProblem.invalidChannel(e.getMessage() + " (" + InputExcerpt.of(name) + ").");
        }
        try {
            access.checkSubscribe(identity, channel, null);
        } catch (Refusal e) {
            throw ApiProblem.forbidden(e.getMessage() + " (" + name + ").");
        }
        return channel;
    }
}
