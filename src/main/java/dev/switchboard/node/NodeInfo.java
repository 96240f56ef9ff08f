package dev.switchboard.node;

import java.util.UUID;

import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;

/** This node's name and version, as {@code welcome} announces them. */
@Singleton
public class NodeInfo {

    public static final String VERSION = "1.0.0";

    private final String name;

    public NodeInfo(SwitchboardConfig config) {
        this.name = config.nodeName()
                .or(() -> java.util.Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()))
                .orElseGet(() -> "node-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String name() {
        return name;
    }

    public String version() {
        return VERSION;
    }
}
