package dev.switchboard.pusher;

import dev.switchboard.channel.ChannelName;

/**
 * A Pusher channel of one app, and its name in the core. Pusher names use {@code A-Z a-z 0-9 _ - = @ , . ;}
 * (at most 164 characters); core names use {@code A-Z a-z 0-9 _ - : . @ # =}. The core name is
 * {@code pusher:<app-id>:<name>} with {@code ,} written {@code :c} and {@code ;} written {@code :s}: a colon never
 * occurs in a Pusher name, so the escape is unambiguous and reversible, every app has a prefix of its own (apps
 * never see each other's channels), and all Pusher channels share the core namespace {@code pusher}. A name whose
 * core form would pass the core's 255 characters (many commas or semicolons) is refused.
 *
 * <p>One more channel has a name outside that rule: {@code #server-to-user-<user id>}, the channel pusher-js
 * subscribes to after {@code pusher:signin}. Its core name is the core's own user-limited channel of the
 * signed-in user, {@code pusher:<app-id>:server-to-user#<core user>} ({@link PusherUsers}), which a Pusher name
 * never produces (no {@code #} in them).
 */
public record PusherChannel(String app, String name, Kind kind, String coreName) {

    public static final String NAMESPACE = "pusher";
    public static final int MAX_LENGTH = 164;
    public static final String RULE = "channel names use A-Z a-z 0-9 _ - = @ , . ; and are 1 to " + MAX_LENGTH
            + " characters long";

    /** What a channel's prefix makes it: who may subscribe, whether it has members, whether client events go. */
    public enum Kind {
        PUBLIC, PRIVATE, ENCRYPTED, PRESENCE,
        /** {@code #server-to-user-<id>}: only a connection signed in as that user may subscribe. */
        USER;

        static Kind of(String name) {
            if (name.startsWith(PusherUsers.SERVER_TO_USER)) {
                return USER;
            }
            if (name.startsWith("presence-")) {
                return PRESENCE;
            }
            if (name.startsWith("private-encrypted-")) {
                return ENCRYPTED;
            }
            return name.startsWith("private-") ? PRIVATE : PUBLIC;
        }

        /** Subscribing needs an auth signature. */
        public boolean signed() {
            return this == PRIVATE || this == ENCRYPTED || this == PRESENCE;
        }

        /** Pusher relays client events on private and presence channels only (not encrypted ones). */
        public boolean clientEvents() {
            return this == PRIVATE || this == PRESENCE;
        }
    }

    /**
     * A cache channel ({@code cache-}, {@code private-cache-}, {@code private-encrypted-cache-},
     * {@code presence-cache-}): a subscriber gets the channel's last event, or {@code pusher:cache_miss}.
     */
    public boolean cache() {
        return name.startsWith("cache-") || name.startsWith("private-cache-")
                || name.startsWith("private-encrypted-cache-") || name.startsWith("presence-cache-");
    }

    /** The channel {@code name} of {@code app}; throws {@link IllegalArgumentException} when the name breaks the rule. */
    public static PusherChannel of(String app, String name) {
        if (name != null && name.startsWith(PusherUsers.SERVER_TO_USER)) {
            return serverToUser(app, name.substring(PusherUsers.SERVER_TO_USER.length()));
        }
        if (!isValidName(name)) {
            throw new IllegalArgumentException(RULE);
        }
        String core = corePrefix(app, name);
        if (!ChannelName.isValid(core)) {
            throw new IllegalArgumentException("channel name too long for this server once encoded");
        }
        return new PusherChannel(app, name, Kind.of(name), core);
    }

    /**
     * The core-name prefix of the app's channels whose Pusher names start with {@code namePrefix} (escaped the
     * same way, so a prefix match on core names is one on Pusher names).
     */
    public static String corePrefix(String app, String namePrefix) {
        StringBuilder core = new StringBuilder().append(NAMESPACE).append(':').append(app).append(':');
        for (int i = 0; i < namePrefix.length(); i++) {
            char c = namePrefix.charAt(i);
            switch (c) {
                case ',' -> core.append(":c");
                case ';' -> core.append(":s");
                default -> core.append(c);
            }
        }
        return core.toString();
    }

    /** The server-to-user channel of {@code userId} ({@code #server-to-user-<id>}); throws if the id cannot be one. */
    public static PusherChannel serverToUser(String app, String userId) {
        String core = NAMESPACE + ":" + app + ":" + PusherUsers.CORE_CHANNEL + "#" + PusherUsers.coreUser(app, userId);
        if (!ChannelName.isValid(core)) {
            throw new IllegalArgumentException("user id too long for this server once encoded");
        }
        return new PusherChannel(app, PusherUsers.SERVER_TO_USER + userId, Kind.USER, core);
    }

    /** The Pusher channel a core name stands for; null when it is not one of a Pusher app. */
    public static PusherChannel fromCore(String coreName) {
        String prefix = NAMESPACE + ":";
        if (!coreName.startsWith(prefix)) {
            return null;
        }
        int appEnd = coreName.indexOf(':', prefix.length());
        if (appEnd < 0) {
            return null;
        }
        String app = coreName.substring(prefix.length(), appEnd);
        String userChannel = prefix + app + ":" + PusherUsers.CORE_CHANNEL + "#";
        if (coreName.startsWith(userChannel)) {
            String user = PusherUsers.userOf(app, coreName.substring(userChannel.length()));
            return user == null ? null
                    : new PusherChannel(app, PusherUsers.SERVER_TO_USER + user, Kind.USER, coreName);
        }
        StringBuilder name = new StringBuilder(coreName.length() - appEnd);
        for (int i = appEnd + 1; i < coreName.length(); i++) {
            char c = coreName.charAt(i);
            if (c != ':') {
                name.append(c);
                continue;
            }
            char escaped = i + 1 < coreName.length() ? coreName.charAt(++i) : 0;
            switch (escaped) {
                case 'c' -> name.append(',');
                case 's' -> name.append(';');
                default -> {
                    return null; // a colon no Pusher name produced: a native channel in our namespace
                }
            }
        }
        String pusherName = name.toString();
        return isValidName(pusherName) ? new PusherChannel(app, pusherName, Kind.of(pusherName), coreName) : null;
    }

    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '=' || c == '@' || c == ',' || c == '.' || c == ';';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** App ids become part of core names, so they keep to characters both sides allow, and no colon. */
    static boolean isValidAppId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
