package dev.switchboard.security;

import jakarta.inject.Singleton;

import dev.switchboard.channel.ChannelName;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;

/**
 * Who may use a channel (subscribe, read presence or history, publish). A user-limited channel
 * ({@code name#alice}) belongs to its user alone; anonymous connections cannot use such channels at all.
 */
@Singleton
public class ChannelAccess {

    public void checkAccess(ClientIdentity identity, ChannelName channel) {
        if (!channel.userLimited()) {
            return;
        }
        if (identity.anonymous()) {
            throw new ProtocolException(ErrorCode.PERMISSION_DENIED,
                    "user-limited channels need an authenticated connection");
        }
        if (!channel.allowedUser().equals(identity.user())) {
            throw new ProtocolException(ErrorCode.PERMISSION_DENIED, "channel belongs to another user");
        }
    }
}
