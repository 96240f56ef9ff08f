package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.model.delta.FossilDelta;
import dev.switchboard.testing.TestClient;

/**
 * What a client of a delta subscription does with its publication frames (docs/protocol.md, "Deltas"): a frame
 * with {@code delta: true} is applied to the text of the previous publication, which must be its {@code base};
 * any other frame's {@code data} is the whole text. Counts how many came as deltas and their bytes.
 */
final class DeltaClient {

    private long lastOffset = -1;
    private byte[] lastText;
    int deltas;
    int wholes;
    long frameBytes;

    /** Forgets the base, as a client does when it resubscribes (its first publication then comes whole). */
    void resubscribed() {
        lastOffset = -1;
        lastText = null;
    }

    /** The data of one publication frame of a delta subscription. */
    JsonNode data(JsonNode frame) {
        assertTrue(frame.path("data").isTextual(), "a delta subscription's data is text: " + frame);
        byte[] carried = frame.path("data").textValue().getBytes(StandardCharsets.US_ASCII);
        frameBytes += frame.toString().length();
        byte[] text;
        if (frame.path("delta").asBoolean(false)) {
            assertEquals(lastOffset, frame.path("base").asLong(), "the delta's base is the last publication sent");
            assertEquals(frame.path("offset").asLong() - 1, frame.path("base").asLong(), "base is offset - 1");
            text = FossilDelta.apply(lastText, carried);
            deltas++;
        } else {
            text = carried;
            wholes++;
        }
        lastOffset = frame.path("offset").asLong();
        lastText = text;
        return TestClient.parse(new String(text, StandardCharsets.US_ASCII));
    }
}
