package dev.switchboard.channel;

import java.time.Duration;

import dev.switchboard.broker.HistoryPolicy;

/** The resolved options of one namespace. */
public record NamespaceOptions(
        String name,
        int historySize,
        Duration historyTtl,
        boolean presence,
        boolean joinLeave,
        PublishPolicy publish,
        boolean privateChannels,
        int maxPayloadSize) {

    /** Options of a public namespace without a payload limit. */
    public NamespaceOptions(String name, int historySize, Duration historyTtl, boolean presence, boolean joinLeave,
            PublishPolicy publish) {
        this(name, historySize, historyTtl, presence, joinLeave, publish, false, 0);
    }

    public boolean keepsHistory() {
        return historySize > 0 && !historyTtl.isZero();
    }

    /** What the broker keeps of this namespace's streams; every publisher (client, API, demo) uses it. */
    public HistoryPolicy historyPolicy() {
        return keepsHistory() ? new HistoryPolicy(historySize, historyTtl) : HistoryPolicy.NONE;
    }
}
