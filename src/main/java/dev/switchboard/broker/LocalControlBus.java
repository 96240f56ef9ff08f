package dev.switchboard.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;

/** The control bus of a single node (memory broker): every broadcast comes straight back to this node. */
public final class LocalControlBus implements ControlBus {

    private final Map<String, Long> announced = new ConcurrentHashMap<>();
    private volatile Consumer<String> handler = message -> {
    };

    @Override
    public void onMessage(Consumer<String> handler) {
        this.handler = handler;
    }

    @Override
    public Uni<Void> broadcast(String message) {
        handler.accept(message);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> announce(String node) {
        announced.put(node, System.nanoTime());
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Map<String, Long>> nodes(Duration within) {
        long now = System.nanoTime();
        Map<String, Long> alive = new java.util.TreeMap<>();
        announced.forEach((node, at) -> {
            long ago = (now - at) / 1_000_000;
            if (ago <= within.toMillis()) {
                alive.put(node, ago);
            }
        });
        return Uni.createFrom().item(alive);
    }

    @Override
    public Uni<Void> withdraw(String node) {
        announced.remove(node);
        return Uni.createFrom().voidItem();
    }
}
