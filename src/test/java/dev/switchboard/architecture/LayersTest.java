package dev.switchboard.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layers of docs/architecture.md, enforced: the core (model, metrics, presence, broker, channel, security,
 * hooks, node, connection) knows no face; the native protocol's wire format knows only the model; faces (gateway, api,
 * pusher) use the core and never each other (the Pusher face not even the native wire format); ops and the demo
 * sit on top. A change that breaks a rule fails here with the offending dependency named.
 */
class LayersTest {

    private static final String BASE = "dev.switchboard";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Config").definedBy(BASE) // the root package: SwitchboardConfig only
                .layer("Model").definedBy(BASE + ".model..")
                .layer("Metrics").definedBy(BASE + ".metrics..")
                .layer("Presence").definedBy(BASE + ".presence..")
                .layer("Broker").definedBy(BASE + ".broker..")
                .layer("Channel").definedBy(BASE + ".channel..")
                .layer("Security").definedBy(BASE + ".security..")
                .layer("Hooks").definedBy(BASE + ".hooks..")
                .layer("Node").definedBy(BASE + ".node..")
                .layer("Connection").definedBy(BASE + ".connection..")
                .layer("NativeWire").definedBy(BASE + ".protocol..")
                .layer("Gateway").definedBy(BASE + ".gateway..")
                .layer("Api").definedBy(BASE + ".api..")
                .layer("Pusher").definedBy(BASE + ".pusher..")
                .layer("Ops").definedBy(BASE + ".ops..")
                .layer("Demo").definedBy(BASE + ".demo..")
                .whereLayer("Config").mayNotAccessAnyLayer()
                .whereLayer("Model").mayNotAccessAnyLayer()
                .whereLayer("Metrics").mayOnlyAccessLayers("Model")
                .whereLayer("Presence").mayOnlyAccessLayers("Model", "Metrics", "Config")
                .whereLayer("Broker").mayOnlyAccessLayers("Model", "Metrics", "Presence", "Config")
                .whereLayer("Channel").mayOnlyAccessLayers("Model", "Metrics", "Broker", "Config")
                .whereLayer("Security").mayOnlyAccessLayers("Model", "Channel", "Config")
                .whereLayer("Hooks").mayOnlyAccessLayers("Model", "Metrics", "Presence", "Channel", "Security",
                        "Connection",
                        "Config")
                .whereLayer("Node").mayOnlyAccessLayers("Model", "Broker", "Presence", "Channel", "Security", "Hooks",
                        "Config")
                .whereLayer("Connection").mayOnlyAccessLayers("Model", "Metrics", "Config")
                .whereLayer("NativeWire").mayOnlyAccessLayers("Model")
                .whereLayer("Gateway").mayOnlyAccessLayers("Model", "Metrics", "Presence", "Broker", "Channel",
                        "Security", "Hooks", "Node", "Connection", "NativeWire", "Config")
                .whereLayer("Pusher").mayOnlyAccessLayers("Model", "Metrics", "Presence", "Broker", "Channel",
                        "Security", "Hooks", "Node", "Connection", "Config")
                .whereLayer("Api").mayOnlyAccessLayers("Model", "Metrics", "Presence", "Broker", "Channel",
                        "Security", "Node", "Connection", "NativeWire", "Config")
                .whereLayer("Ops").mayOnlyAccessLayers("Model", "Metrics", "Broker", "Channel", "Security", "Node",
                        "Connection", "Config")
                .whereLayer("Demo").mayOnlyAccessLayers("Model", "Channel", "Node", "Config")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
