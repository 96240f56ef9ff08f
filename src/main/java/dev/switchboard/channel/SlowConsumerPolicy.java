package dev.switchboard.channel;

import java.util.Locale;

/** What a namespace's subscribers get when their connection's outbound queue passes its bound. */
public enum SlowConsumerPolicy {
    /** Closed with 4008 (right for chat: every message matters, a gap must be recovered from history). */
    DISCONNECT,
    /**
     * Queued publications of the channel are replaced by the newest one, which carries how many it replaced (right
     * for tickers and cursors: only the latest value matters); still closed with 4008 when it lasts too long.
     */
    CONFLATE;

    public static SlowConsumerPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("slow-consumer must be disconnect or conflate, not '" + value + "'");
        }
    }
}
