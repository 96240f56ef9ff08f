package dev.switchboard.channel;

import dev.switchboard.model.Refusal;

/**
 * A valid channel name: 1 to 255 characters from {@code A-Z a-z 0-9 _ - : . @ # =}. The part before the first
 * ':' is the namespace (none means the default namespace); the part after the last '#' names the only user who
 * may subscribe (a user-limited channel).
 */
public record ChannelName(String value, String namespace, String allowedUser) {

    public static final int MAX_LENGTH = 255;
    public static final String DEFAULT_NAMESPACE = "";
    public static final String RULE = "channel names use A-Z a-z 0-9 _ - : . @ # = and are 1 to 255 characters long";

    public static ChannelName parse(String name) {
        if (!isValid(name)) {
            throw new Refusal(Refusal.Reason.INVALID_CHANNEL, RULE);
        }
        int colon = name.indexOf(':');
        String namespace = colon < 0 ? DEFAULT_NAMESPACE : name.substring(0, colon);
        int hash = name.lastIndexOf('#');
        String user = hash < 0 ? null : name.substring(hash + 1);
        if (user != null && user.isEmpty()) {
            throw new Refusal(Refusal.Reason.INVALID_CHANNEL, "a user-limited channel names its user after '#'");
        }
        return new ChannelName(name, namespace, user);
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!allowed(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == ':' || c == '.' || c == '@' || c == '#' || c == '=';
    }

    public boolean userLimited() {
        return allowedUser != null;
    }

    @Override
    public String toString() {
        return value;
    }
}
