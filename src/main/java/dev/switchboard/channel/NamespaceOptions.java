package dev.switchboard.channel;

import java.time.Duration;

/** The resolved options of one namespace. */
public record NamespaceOptions(
        String name,
        int historySize,
        Duration historyTtl,
        boolean presence,
        boolean joinLeave,
        PublishPolicy publish) {

    public boolean keepsHistory() {
        return historySize > 0 && !historyTtl.isZero();
    }
}
