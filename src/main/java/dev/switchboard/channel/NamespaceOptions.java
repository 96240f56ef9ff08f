package dev.switchboard.channel;

import java.time.Duration;

import dev.switchboard.broker.HistoryPolicy;

/** The resolved options of one namespace. */
public record NamespaceOptions(
        String name,
        int historySize,
        Duration historyTtl,
        boolean presence,
        boolean presenceCountsOnly,
        boolean joinLeave,
        PublishPolicy publish,
        boolean privateChannels,
        int maxPayloadSize,
        boolean subscribeProxy,
        boolean publishProxy,
        boolean delta,
        boolean latestOnSubscribe,
        SlowConsumerPolicy slowConsumer) {

    /** Options without counts-only presence, deltas, latest-on-subscribe and conflation (all off). */
    public NamespaceOptions(String name, int historySize, Duration historyTtl, boolean presence, boolean joinLeave,
            PublishPolicy publish, boolean privateChannels, int maxPayloadSize, boolean subscribeProxy,
            boolean publishProxy) {
        this(name, historySize, historyTtl, presence, false, joinLeave, publish, privateChannels, maxPayloadSize,
                subscribeProxy, publishProxy, false, false, SlowConsumerPolicy.DISCONNECT);
    }

    /**
     * What the broker keeps of this namespace's streams; every publisher (client, API, demo) uses it through
     * {@code node.Publisher}. Whether that is anything at all is the policy's own rule ({@link HistoryPolicy#retains}).
     */
    public HistoryPolicy historyPolicy() {
        HistoryPolicy policy = new HistoryPolicy(historySize, historyTtl);
        return policy.retains() ? policy : HistoryPolicy.NONE;
    }
}
