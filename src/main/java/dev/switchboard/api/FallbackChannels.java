package dev.switchboard.api;

import java.util.HashSet;
import java.util.List;

import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.security.ChannelAccess;
import dev.switchboard.security.ClientIdentity;

/**
 * Checks the {@code channel} parameters of /sse and /poll: valid names, at most the per-connection channel
 * limit, no repeats, and the same permissions an anonymous /ws connection has.
 */
@Singleton
public class FallbackChannels {

    private final ChannelAccess access;
    private final int maxChannels;

    public FallbackChannels(ChannelAccess access, SwitchboardConfig config) {
        this.access = access;
        this.maxChannels = config.limits().maxChannelsPerConnection();
    }

    List<ChannelName> parse(List<String> names) {
        if (names.isEmpty()) {
            throw ApiProblem.badRequest("missing-field", "Name at least one channel: ?channel=<name>.");
        }
        if (names.size() > maxChannels) {
            throw ApiProblem.badRequest("too-many-channels", "At most " + maxChannels
                    + " channels per request (switchboard.limits.max-channels-per-connection).");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw ApiProblem.badRequest("duplicate-channel", "A channel is named more than once.");
        }
        return names.stream().map(this::parseOne).toList();
    }

    private ChannelName parseOne(String name) {
        if (!ChannelName.isValid(name)) {
            throw ApiProblem.invalidChannel("'" + ApiResource.abbreviate(name) + "' is not a channel name: "
                    + ChannelName.RULE + ".");
        }
        ChannelName channel;
        try {
            channel = ChannelName.parse(name);
        } catch (ProtocolException e) {
            throw ApiProblem.invalidChannel(e.getMessage() + " (" + ApiResource.abbreviate(name) + ").");
        }
        try {
            access.checkAccess(ClientIdentity.ANONYMOUS, channel);
        } catch (ProtocolException e) {
            throw ApiProblem.forbidden(e.getMessage() + " (" + name + ").");
        }
        return channel;
    }
}
