package dev.switchboard.channel;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;

/** Resolves a channel's namespace options from configuration, falling back to the channel defaults. */
@Singleton
public class Namespaces {

    private final NamespaceOptions defaults;
    private final Map<String, NamespaceOptions> configured = new HashMap<>();

    public Namespaces(SwitchboardConfig config) {
        SwitchboardConfig.ChannelDefaults d = config.channelDefaults();
        this.defaults = new NamespaceOptions(ChannelName.DEFAULT_NAMESPACE, d.historySize(), d.historyTtl(),
                d.presence(), d.presenceCountsOnly(), d.joinLeave(), PublishPolicy.parse(d.publish()),
                d.privateChannels(), d.maxPayloadSize(), d.subscribeProxy(), d.publishProxy(), d.delta(),
                d.latestOnSubscribe(), SlowConsumerPolicy.parse(d.slowConsumer()));
        config.namespaces().forEach((name, ns) -> configured.put(name, new NamespaceOptions(name,
                ns.historySize().orElse(defaults.historySize()),
                ns.historyTtl().orElse(defaults.historyTtl()),
                ns.presence().orElse(defaults.presence()),
                ns.presenceCountsOnly().orElse(defaults.presenceCountsOnly()),
                ns.joinLeave().orElse(defaults.joinLeave()),
                ns.publish().map(PublishPolicy::parse).orElse(defaults.publish()),
                ns.privateChannels().orElse(defaults.privateChannels()),
                ns.maxPayloadSize().orElse(defaults.maxPayloadSize()),
                ns.subscribeProxy().orElse(defaults.subscribeProxy()),
                ns.publishProxy().orElse(defaults.publishProxy()),
                ns.delta().orElse(defaults.delta()),
                ns.latestOnSubscribe().orElse(defaults.latestOnSubscribe()),
                ns.slowConsumer().map(SlowConsumerPolicy::parse).orElse(defaults.slowConsumer()))));
    }

    public NamespaceOptions of(ChannelName channel) {
        return configured.getOrDefault(channel.namespace(), defaults);
    }

    public NamespaceOptions of(String channel) {
        return of(ChannelName.parse(channel));
    }
}
