package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * One rule for both encodings (docs/protocol.md, "Text must be Unicode"): a string that is not a sequence of
 * Unicode scalar values is refused with bad_request at decoding, so it can never be published and then fail
 * to encode for a subscriber of the other encoding.
 */
class InvalidUnicodeTest {

    private final JsonCodec json = new JsonCodec();
    private final CborCodec cbor = new CborCodec(json);

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"publish\",\"channel\":\"a\",\"data\":\"\\ud800\"}",            // lone high surrogate
            "{\"type\":\"publish\",\"channel\":\"a\",\"data\":\"x\\udc00y\"}",          // lone low surrogate
            "{\"type\":\"publish\",\"channel\":\"a\",\"data\":\"\\udc00\\ud800\"}",     // pair in the wrong order
            "{\"type\":\"publish\",\"channel\":\"a\",\"data\":{\"\\ud800\":1}}",        // in a field name
            "{\"type\":\"publish\",\"channel\":\"a\",\"data\":[1,[\"\\ud83d\"]]}",      // deep in an array
            "{\"type\":\"subscribe\",\"channel\":\"a\",\"token\":\"\\ud800\"}",         // in a command field
            "{\"type\":\"ping\",\"x\":\"\\ud800\"}",                                    // even in an ignored field
    })
    void jsonWithUnpairedSurrogateIsBadRequest(String frame) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> json.decode(frame));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void jsonWithProperPairsDecodesAndReencodes() {
        Command.Publish p = assertInstanceOf(Command.Publish.class,
                json.decode("{\"type\":\"publish\",\"channel\":\"a\",\"data\":\"\\ud83d\\ude00 \u00e9\"}"));
        assertEquals("\ud83d\ude00 \u00e9", p.data().textValue());
        cbor.encode(ServerFrame.PublicationPush.of(new Publication("a", 1, p.data(), null)));
    }

    /** A CBOR map {"type":"publish","channel":"a","data":<text string with these bytes>}. */
    private static byte[] cborPublishWithText(byte[] utf8) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xa3);
        text(out, "type".getBytes(StandardCharsets.UTF_8));
        text(out, "publish".getBytes(StandardCharsets.UTF_8));
        text(out, "channel".getBytes(StandardCharsets.UTF_8));
        text(out, "a".getBytes(StandardCharsets.UTF_8));
        text(out, "data".getBytes(StandardCharsets.UTF_8));
        text(out, utf8);
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, byte[] utf8) {
        out.write(0x60 | utf8.length); // major type 3, length < 24
        out.writeBytes(utf8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "eda080",   // U+D800 encoded as if it were a scalar value (CESU-8 style)
            "edbfbf",   // U+DFFF
            "c080",     // overlong NUL
            "e08080",   // overlong
            "f4908080", // beyond U+10FFFF
            "80",       // continuation byte alone
            "c3",       // truncated sequence
            "ff",       // never valid
    })
    void cborTextThatIsNotUtf8IsBadRequest(String hex) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> cbor.decode(cborPublishWithText(java.util.HexFormat.of().parseHex(hex))));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void cborTextInAnIndefiniteStringIsCheckedChunkByChunk() {
        // RFC 8949 3.2.3: each chunk of an indefinite-length text string is itself well-formed UTF-8, so a
        // character split across two chunks is malformed even though the concatenation would be valid.
        byte[] split = { (byte) 0xa3, 0x64, 't', 'y', 'p', 'e', 0x67, 'p', 'u', 'b', 'l', 'i', 's', 'h',
                0x67, 'c', 'h', 'a', 'n', 'n', 'e', 'l', 0x61, 'a', 0x64, 'd', 'a', 't', 'a',
                0x7f, 0x61, (byte) 0xc3, 0x61, (byte) 0xa9, (byte) 0xff };
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ProtocolException.class, () -> cbor.decode(split)).code());
    }

    @Test
    void cborWithValidMultibyteTextDecodes() {
        Command.Publish p = assertInstanceOf(Command.Publish.class,
                cbor.decode(cborPublishWithText("\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8))));
        assertEquals("\u00e9\u20ac\ud83d\ude00", p.data().textValue());
    }
}
