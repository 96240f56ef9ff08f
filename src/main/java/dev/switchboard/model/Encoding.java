package dev.switchboard.model;

/**
 * One wire form of a {@link ChannelEvent}: the native protocol's JSON or CBOR frame, a Pusher event, or any face's
 * own. The instance is the cache key: an event is encoded at most once per encoding, however many subscribers
 * share it, so make one instance per wire form and keep it (a constant or a singleton's field).
 *
 * @param <T> what the encoding produces, usually the frame's bytes
 */
@FunctionalInterface
public interface Encoding<T> {

    /** Encodes the event; must not fail for any event the core can produce, and must be free of side effects. */
    T encode(ChannelEvent event);
}
