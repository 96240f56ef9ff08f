package dev.switchboard.broker;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;

/**
 * Messages between the nodes of one deployment, and who those nodes are: what cluster-wide operations
 * ({@code dev.switchboard.node.ClusterControl}) travel on. Over Redis it is one more Pub/Sub topic and a sorted
 * set of nodes; with the memory broker there is one node and the bus loops back.
 */
public interface ControlBus {

    /** Where messages for this node go (every broadcast, this node's own included). Set once at start-up. */
    void onMessage(Consumer<String> handler);

    /** Sends a message to every node; completes when the broker took it. */
    Uni<Void> broadcast(String message);

    /** This node is alive now. */
    Uni<Void> announce(String node);

    /** The nodes that announced themselves within {@code within}: name to milliseconds since they last did. */
    Uni<Map<String, Long>> nodes(Duration within);

    /** This node leaves (a clean shutdown), so it is not expected to answer any more. */
    Uni<Void> withdraw(String node);
}
