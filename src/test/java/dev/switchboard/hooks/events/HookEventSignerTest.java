package dev.switchboard.hooks.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The signature against a value computed independently (RFC 4231 test case 2). */
class HookEventSignerTest {

    @Test
    void signsWithTheFirstSecretAsRfc4231Says() {
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        EventSigner signer = new EventSigner(List.of("Jefe", "older-secret"));
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signer.sign(body));
    }

    @Test
    void noSecretsMeansUnsigned() {
        assertFalse(new EventSigner(List.of()).signs());
    }
}
