package dev.switchboard.pusher;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Pusher users (the {@code id} of {@code pusher:signin}'s user_data) as core users: {@code pusher:<app-id>:<id>},
 * so the users of different apps never meet, a native back end can address them
 * ({@code /api/v1/disconnect {"user":"pusher:1001:alice"}}), and a user's server-to-user channel is the core's
 * user-limited channel of that user. A Pusher user id may be any string, core names allow fewer characters, so
 * every byte of the id's UTF-8 outside {@code A-Z a-z 0-9 _ - . @} is written {@code =HH} (hex), which reads back
 * exactly ({@code =} itself is escaped).
 */
final class PusherUsers {

    /** The Pusher name of a user's channel: {@code #server-to-user-<id>}. */
    static final String SERVER_TO_USER = "#server-to-user-";
    /** The core channel's name before its {@code #<user>}: {@code pusher:<app>:server-to-user#<core user>}. */
    static final String CORE_CHANNEL = "server-to-user";

    /** At most this many users on one watchlist (Pusher's limit). */
    static final int MAX_WATCHLIST = 100;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private PusherUsers() {
    }

    /**
     * The core channel whose members are the app's signed-in connections (watchlists are built on it):
     * {@code pusher:<app>:users:online}. No Pusher name maps onto it ({@code :u} is no escape of
     * {@link PusherChannel}), so no client can subscribe to it and {@code PusherChannel.fromCore} does not read
     * it as a Pusher channel.
     */
    static String onlineChannel(String app) {
        return PusherChannel.NAMESPACE + ":" + app + ":users:online";
    }

    /** The core user of Pusher user {@code id} of {@code app}. */
    static String coreUser(String app, String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a user id is a non-empty string");
        }
        StringBuilder core = new StringBuilder(PusherChannel.NAMESPACE.length() + app.length() + id.length() + 2)
                .append(PusherChannel.NAMESPACE).append(':').append(app).append(':');
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (kept(c)) {
                core.append(c);
            } else {
                core.append('=').append(HEX.toHexDigits(b));
            }
        }
        return core.toString();
    }

    /** The Pusher user id of an escaped core user {@code pusher:<app>:<escaped>}; null if it is not one. */
    static String userOf(String app, String coreUser) {
        String prefix = PusherChannel.NAMESPACE + ":" + app + ":";
        if (!coreUser.startsWith(prefix) || coreUser.length() == prefix.length()) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(coreUser.length());
        for (int i = prefix.length(); i < coreUser.length(); i++) {
            char c = coreUser.charAt(i);
            if (c == '=') {
                if (i + 2 >= coreUser.length()) {
                    return null;
                }
                try {
                    bytes.write(HexFormat.fromHexDigits(coreUser, i + 1, i + 3));
                } catch (IllegalArgumentException e) {
                    return null;
                }
                i += 2;
            } else if (kept(c)) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean kept(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == '@';
    }
}
