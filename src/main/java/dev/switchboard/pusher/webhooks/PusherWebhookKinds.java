package dev.switchboard.pusher.webhooks;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.hooks.events.EventKind;

/** Pusher's webhook event names and the core's event kinds they come from. */
final class PusherWebhookKinds {

    private PusherWebhookKinds() {
    }

    /** The Pusher name of a kind, or null when Pusher has no webhook for it. */
    static String nameOf(EventKind kind) {
        return switch (kind) {
            case OCCUPIED -> "channel_occupied";
            case VACATED -> "channel_vacated";
            case JOINED -> "member_added";
            case LEFT -> "member_removed";
            case CLIENT_EVENT -> "client_event";
            case CACHE_MISS -> "cache_miss";
            default -> null;
        };
    }

    /** The kinds of the configured webhook names; an unknown name stops the node with what is allowed. */
    static Set<EventKind> of(String app, List<String> names) {
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (String name : names) {
            EventKind found = null;
            for (EventKind kind : EventKind.values()) {
                if (name.trim().equals(nameOf(kind))) {
                    found = kind;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("switchboard.pusher.apps." + app + ".webhooks.events: unknown event '"
                        + name + "' (channel_occupied, channel_vacated, member_added, member_removed, client_event, "
                        + "cache_miss)");
            }
            kinds.add(found);
        }
        return kinds;
    }
}
