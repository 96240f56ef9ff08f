package dev.switchboard.model;

/**
 * A place in a channel's stream: the stream's epoch and an offset in it. Clients send it as {@code since}
 * (the last position they saw); query strings write it as {@code <epoch>:<offset>}.
 */
public record Position(String epoch, long offset) {

    public Position {
        if (epoch == null || epoch.isEmpty()) {
            throw new IllegalArgumentException("'epoch' must be a non-empty string");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("'offset' must not be negative");
        }
    }

    /** Parses {@code <epoch>:<offset>}; the epoch itself never contains ':'. */
    public static Position parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("a position is written <epoch>:<offset>, e.g. k3J9:41");
        }
        try {
            return new Position(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the offset of a position must be a non-negative integer");
        }
    }

    @Override
    public String toString() {
        return epoch + ":" + offset;
    }
}
