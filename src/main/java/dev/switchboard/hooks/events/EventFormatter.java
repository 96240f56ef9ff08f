package dev.switchboard.hooks.events;

import java.util.List;

/**
 * Turns a batch of neutral events into one HTTP body. The native JSON format is {@link JsonEventFormat}; another
 * format (e.g. Pusher's webhook body) is another implementation, with the queue, batching, retries and signature
 * unchanged.
 */
public interface EventFormatter {

    String contentType();

    byte[] format(List<HookEvent> batch);
}
