package dev.switchboard.connection;

import dev.switchboard.model.ChannelEvent;

/**
 * How a face writes a publication that replaced {@code skipped} older ones of its channel on a conflating
 * connection: its own wire form with the skip count (the native protocol's {@code skipped} field), whole (a delta
 * subscriber's base was one of the skipped publications). Made per connection: conflation is the slow path.
 */
@FunctionalInterface
public interface ConflatedEncoding {

    byte[] encode(ChannelEvent event, int skipped);
}
