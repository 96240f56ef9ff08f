package dev.switchboard.hooks.events;

import java.util.function.Predicate;

import dev.switchboard.metrics.HookMetrics;

/**
 * One destination of the event stream: which events it takes, its own bounded queue and its sender (with its
 * body format and signature). The native back end ({@code switchboard.hooks.events.*}) is one output; each Pusher
 * app's webhooks are another. A slow or dead destination fills only its own queue.
 */
final class EventOutput {

    private final Predicate<HookEvent> accepts;
    private final EventQueue queue;
    private final EventDelivery delivery;
    private final HookMetrics metrics;

    EventOutput(Predicate<HookEvent> accepts, EventQueue queue, EventDelivery delivery, HookMetrics metrics) {
        this.accepts = accepts;
        this.queue = queue;
        this.delivery = delivery;
        this.metrics = metrics;
    }

    void offer(HookEvent event) {
        if (!accepts.test(event)) {
            return;
        }
        if (queue.offer(event)) {
            metrics.eventQueued();
            delivery.wake();
        } else {
            metrics.eventDropped();
        }
    }

    void stop() {
        delivery.stop();
    }
}
