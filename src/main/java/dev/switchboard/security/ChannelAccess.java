package dev.switchboard.security;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.channel.ChannelName;
import dev.switchboard.channel.Namespaces;
import dev.switchboard.model.Refusal;

/**
 * Who may use a channel. In order:
 * <ol>
 * <li>a channel listed in the connection token's {@code channels} claim: allowed, no further check (the back end
 * that signed the token decided);</li>
 * <li>a user-limited channel ({@code name#alice}) belongs to its user alone; anonymous connections get none;</li>
 * <li>a channel of a private namespace needs a subscription token at subscribe (claims {@code sub} = this
 * connection's user, {@code channel} = this channel, {@code exp}); presence, history and publish then need that
 * subscription. Anonymous connections get none.</li>
 * </ol>
 * Every refusal is {@code permission_denied}; the message does not say which check a token failed.
 */
@Singleton
public class ChannelAccess {

    private static final Logger LOG = Logger.getLogger(ChannelAccess.class);

    private final Namespaces namespaces;
    private final TokenVerifier tokens;

    public ChannelAccess(Namespaces namespaces, TokenVerifier tokens) {
        this.namespaces = namespaces;
        this.tokens = tokens;
    }

    /** Checks a {@code subscribe}; {@code token} is the command's optional subscription token. */
    public void checkSubscribe(ClientIdentity identity, ChannelName channel, String token) {
        if (identity.grants(channel.value())) {
            return;
        }
        checkUser(identity, channel);
        if (!namespaces.of(channel).privateChannels()) {
            return;
        }
        requireUser(identity, "private channels need an authenticated connection");
        if (token == null) {
            throw denied("private channel: subscribe with a subscription token");
        }
        try {
            tokens.subscription(token, identity.user(), channel.value());
        } catch (InvalidTokenException e) {
            LOG.debugf("subscription token for %s refused: %s", channel, e.getMessage());
            throw denied("subscription token refused");
        }
    }

    /** Checks publish, presence and history; {@code subscribed}: the connection holds a subscription to it. */
    public void checkAccess(ClientIdentity identity, ChannelName channel, boolean subscribed) {
        if (identity.grants(channel.value())) {
            return;
        }
        checkUser(identity, channel);
        if (!subscribed && namespaces.of(channel).privateChannels()) {
            requireUser(identity, "private channels need an authenticated connection");
            throw denied("private channel: subscribe with a subscription token first");
        }
    }

    private static void checkUser(ClientIdentity identity, ChannelName channel) {
        if (!channel.userLimited()) {
            return;
        }
        requireUser(identity, "user-limited channels need an authenticated connection");
        if (!channel.allowedUser().equals(identity.user())) {
            throw denied("channel belongs to another user");
        }
    }

    private static void requireUser(ClientIdentity identity, String message) {
        if (identity.anonymous()) {
            throw denied(message);
        }
    }

    private static Refusal denied(String message) {
        return new Refusal(Refusal.Reason.PERMISSION_DENIED, message);
    }
}
