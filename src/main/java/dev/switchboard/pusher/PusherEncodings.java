package dev.switchboard.pusher;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;
import dev.switchboard.model.Publication;

/**
 * The Pusher forms of a channel event, each made once per event and shared by every Pusher subscriber of the
 * channel (encode once, send many). The channel in the frame is the Pusher name, read back from the core name.
 */
final class PusherEncodings {

    /** The event name of a publication that has none (one published by the native protocol or API). */
    static final String DEFAULT_EVENT = "message";

    static final Encoding<byte[]> EVENT = event -> {
        Publication p = event.publication();
        PusherChannel channel = PusherChannel.fromCore(event.channel());
        String name = p.event() == null ? DEFAULT_EVENT : p.event();
        // Pusher adds the sender's user_id to client events on presence channels.
        String userId = channel != null && channel.kind() == PusherChannel.Kind.PRESENCE
                && name.startsWith(PusherSession.CLIENT_EVENT) && p.info() != null ? p.info().user() : null;
        return PusherFrames.event(name, nameOf(event), p.data(), userId);
    };

    static final Encoding<byte[]> MEMBER_ADDED = event -> PusherFrames.memberAdded(nameOf(event), event.client());

    static final Encoding<byte[]> MEMBER_REMOVED = event -> PusherFrames.memberRemoved(nameOf(event),
            event.client().user());

    private PusherEncodings() {
    }

    /** Pusher subscribers only ever hold channels made by PusherChannel.of, so the core name always reads back. */
    private static String nameOf(ChannelEvent event) {
        PusherChannel channel = PusherChannel.fromCore(event.channel());
        return channel == null ? event.channel() : channel.name();
    }
}
