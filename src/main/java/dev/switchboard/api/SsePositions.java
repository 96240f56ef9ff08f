package dev.switchboard.api;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.model.InputExcerpt;
import dev.switchboard.model.Position;

/**
 * The SSE event id: where a stream stands in every one of its channels, so that the {@code Last-Event-ID} a
 * browser sends on reconnect recovers all of them. It lists one {@code <epoch>:<offset>} per channel, in the
 * order of the request's {@code channel} parameters, separated by commas; with one channel it is exactly the
 * {@code <epoch>:<offset>} of PROTOCOL.md. Epochs never contain ',' and the offset follows the last ':'.
 */
final class SsePositions {

    private final String[] epochs;
    private final long[] offsets;

    SsePositions(int channels) {
        this.epochs = new String[channels];
        this.offsets = new long[channels];
    }

    void set(int channel, String epoch, long offset) {
        epochs[channel] = epoch;
        offsets[channel] = offset;
    }

    void advance(int channel, long offset) {
        offsets[channel] = offset;
    }

    /** The event id for the current positions. */
    String id() {
        StringBuilder id = new StringBuilder(epochs.length * 16);
        for (int i = 0; i < epochs.length; i++) {
            if (i > 0) {
                id.append(',');
            }
            id.append(epochs[i]).append(':').append(offsets[i]);
        }
        return id.toString();
    }

    /** Parses a {@code Last-Event-ID} for a request naming {@code channels} channels. */
    static List<Position> parse(String lastEventId, int channels) {
        String[] parts = lastEventId.split(",", -1);
        if (parts.length != channels) {
            throw ApiProblem.badRequest(BadRequest.BAD_POSITION, "Last-Event-ID lists " + parts.length
                    + " positions but the request names " + channels + " channels; it must hold one "
                    + "<epoch>:<offset> per channel, comma-separated, in the order of the channel parameters.");
        }
        List<Position> positions = new ArrayList<>(channels);
        for (String part : parts) {
            try {
                positions.add(Position.parse(part.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(BadRequest.BAD_POSITION, "Last-Event-ID part '"
                        + InputExcerpt.of(part) + "' is not a position: " + e.getMessage() + ".");
            }
        }
        return positions;
    }
}
