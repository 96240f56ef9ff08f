package dev.switchboard.broker;

import dev.switchboard.model.StreamPosition;
import java.util.List;

import dev.switchboard.model.Publication;

/**
 * Publications read from a stream, and the stream's top. {@code continuous} is true when a {@code since} was
 * given, its epoch matches, and the history still held the publication right after it: the list then starts
 * exactly where the client stopped, which is what recovery requires.
 */
public record HistoryResult(StreamPosition top, List<Publication> publications, boolean continuous) {
}
