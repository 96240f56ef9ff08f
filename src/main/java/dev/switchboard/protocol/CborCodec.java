package dev.switchboard.protocol;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

/**
 * The {@code switchboard.v1.cbor} subprotocol: the same frames as {@link JsonCodec}, encoded as CBOR (RFC 8949)
 * in binary frames. A binary frame is parsed into a tree and then decoded by the JSON codec's rules, so both
 * encodings accept and refuse exactly the same commands; {@code data} may carry raw bytes here.
 */
public final class CborCodec {

    public static final String SUBPROTOCOL = "switchboard.v1.cbor";

    private final ObjectMapper mapper;
    private final JsonCodec rules;

    public CborCodec(JsonCodec rules) {
        CBORFactory factory = CBORFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        this.mapper = CBORMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(UnicodeStrings.module())
                .build();
        this.rules = rules;
    }

    /** The mapper itself, for the codec property tests' re-encoding of decoded commands (same package only). */
    ObjectMapper mapper() {
        return mapper;
    }

    /** Decodes one binary frame into a command, or throws {@link ProtocolException} saying what is wrong. */
    public Command decode(byte[] frame) {
        if (!CborTextCheck.textIsUtf8(frame)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "frame is not a CBOR map whose text strings are UTF-8 (RFC 8949 3.1)");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(frame);
        } catch (InvalidUnicodeException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.reason());
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not a CBOR map");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not a CBOR map");
        }
        return rules.decode(tree);
    }

    public byte[] encode(ServerFrame frame) {
        try {
            return mapper.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
        }
    }
}
