package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.channel.NamespaceOptions;
import dev.switchboard.channel.PublishPolicy;
import dev.switchboard.model.Refusal;

class PayloadLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static NamespaceOptions limitedTo(int maxPayloadSize) {
        return new NamespaceOptions("chat", 100, Duration.ofMinutes(5), true, false, PublishPolicy.parse("any"),
                false, maxPayloadSize, false, false);
    }

    private static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void sizeIsTheCompactJsonInUtf8NotTheTextTheClientSent() throws Exception {
        // Spaces and newlines the client sent do not count; non-ASCII text counts in UTF-8 bytes.
        JsonNode spaced = parse("{ \"text\" :   \"héllo €\" ,\n  \"n\" : [ 1 , 2 ] }");
        String compact = "{\"text\":\"héllo €\",\"n\":[1,2]}";
        assertEquals(compact.getBytes(StandardCharsets.UTF_8).length, PayloadLimit.size(spaced));
        assertEquals(31, PayloadLimit.size(spaced), "é is 2 bytes, € is 3");
    }

    @Test
    void dataOfExactlyTheLimitPassesAndOneByteMoreIsRefused() throws Exception {
        JsonNode tenBytes = parse("\"12345678\""); // with its quotes
        assertEquals(10, PayloadLimit.size(tenBytes));
        assertDoesNotThrow(() -> PayloadLimit.check(limitedTo(10), tenBytes));

        Refusal refusal = assertThrows(Refusal.class, () -> PayloadLimit.check(limitedTo(9), tenBytes));
        assertEquals(Refusal.Reason.LIMIT_EXCEEDED, refusal.reason());
        assertTrue(refusal.getMessage().contains("10 bytes") && refusal.getMessage().contains("'chat' allows 9"),
                refusal.getMessage());
    }

    @Test
    void aLimitOfZeroOrLessIsOff() throws Exception {
        JsonNode big = JSON.valueToTree("x".repeat(1_000_000));
        assertDoesNotThrow(() -> PayloadLimit.check(limitedTo(0), big));
        assertDoesNotThrow(() -> PayloadLimit.check(limitedTo(-1), big));
        assertThrows(Refusal.class, () -> PayloadLimit.check(limitedTo(999_999), big));
    }
}
