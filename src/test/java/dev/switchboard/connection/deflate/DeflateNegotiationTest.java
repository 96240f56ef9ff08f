package dev.switchboard.connection.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The answers to Sec-WebSocket-Extensions offers, RFC 7692 5 and 7.1, without a server. */
class DeflateNegotiationTest {

    private static final String BOTH_NO_CONTEXT = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    private static String answer(String... headerValues) {
        DeflateAgreement agreement = DeflateNegotiation.negotiate(List.of(headerValues));
        return agreement == null ? null : agreement.responseHeader();
    }

    @Test
    void theBrowsersOfferGetsNoContextTakeoverBothWays() {
        // Chromium, Node ws and Python websockets all offer this
        assertEquals(BOTH_NO_CONTEXT, answer("permessage-deflate; client_max_window_bits"));
        assertEquals(BOTH_NO_CONTEXT, answer("permessage-deflate"));
        assertEquals(BOTH_NO_CONTEXT, answer("Permessage-Deflate; Client_No_Context_Takeover; server_no_context_takeover"));
        assertEquals(BOTH_NO_CONTEXT, answer("permessage-deflate; client_max_window_bits=\"12\""));
    }

    @Test
    void noOfferOrAnotherExtensionGetsNothing() {
        assertNull(DeflateNegotiation.negotiate(List.of()));
        assertNull(answer("x-webkit-deflate-frame"));
        assertNull(answer("deflate-frame; no_context_takeover"));
    }

    @Test
    void aServerWindowLimitIsAnsweredWithTheSameValue() {
        // RFC 7692 7.1.2.1: accepting the offer means answering server_max_window_bits with the same or less
        assertEquals(BOTH_NO_CONTEXT + "; server_max_window_bits=10",
                answer("permessage-deflate; server_max_window_bits=10; client_max_window_bits"));
        assertEquals(1024, DeflateNegotiation.negotiate(List.of("permessage-deflate; server_max_window_bits=10"))
                .largestCompressible());
        assertEquals(BOTH_NO_CONTEXT, answer("permessage-deflate; server_max_window_bits=15"));
    }

    @Test
    void invalidOffersAreDeclinedAndTheNextOneIsTried() {
        // RFC 7692 7: unknown parameter, invalid value, duplicate parameter: decline that offer
        assertNull(answer("permessage-deflate; server_max_window_bits=7"));
        assertNull(answer("permessage-deflate; server_max_window_bits=16"));
        assertNull(answer("permessage-deflate; server_max_window_bits"));
        assertNull(answer("permessage-deflate; server_max_window_bits=010"));
        assertNull(answer("permessage-deflate; client_max_window_bits=20"));
        assertNull(answer("permessage-deflate; server_no_context_takeover=1"));
        assertNull(answer("permessage-deflate; mystery"));
        assertNull(answer("permessage-deflate; client_max_window_bits; client_max_window_bits"));
        assertEquals(BOTH_NO_CONTEXT + "; server_max_window_bits=9",
                answer("permessage-deflate; server_max_window_bits=7, permessage-deflate; server_max_window_bits=9"));
        assertEquals(BOTH_NO_CONTEXT, answer("permessage-deflate; mystery", "x-other, permessage-deflate"));
    }
}
