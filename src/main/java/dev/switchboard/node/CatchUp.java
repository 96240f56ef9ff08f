package dev.switchboard.node;

import java.util.List;

import dev.switchboard.model.Publication;
import dev.switchboard.model.StreamPosition;

/**
 * What a subscribe read from the stream: its top, whether the client's {@code since} was recovered, and then the
 * publications after {@code since} in offset order (empty when not recovered or when there was no since), or,
 * for a subscribe that asked for the latest publication and had nothing to recover, the newest one.
 */
public record CatchUp(StreamPosition top, boolean recovered, List<Publication> publications) {
}
