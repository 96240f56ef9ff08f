package dev.switchboard.pusher;

/**
 * Told when a subscription to a cache channel found no event to replay (the client got {@code pusher:cache_miss}):
 * where Pusher's {@code cache_miss} webhook starts. Implementations are CDI beans; every one is called, on the
 * subscribing connection's event loop, so they must not block (queue the work, as the webhook events do).
 */
public interface CacheMissListener {

    /** {@code channel} (its Pusher name) of {@code app} had nothing to replay to a new subscriber. */
    void cacheMiss(PusherApp app, String channel);
}
