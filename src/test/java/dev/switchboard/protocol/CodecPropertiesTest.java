package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 13: properties of both codecs, for any input. Decoding gives a command or a {@link ProtocolException}
 * (the error frame), never another exception; every decoded command re-encodes in both encodings and decodes to
 * the same command again; every server frame built from decoded input encodes in both.
 */
class CodecPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper LENIENT_JSON = new ObjectMapper();
    private static final ObjectMapper LENIENT_CBOR = new CBORMapper();
    private static final List<String> TYPES = List.of("subscribe", "unsubscribe", "publish", "presence", "history",
            "ping", "rpc", "teleport", "");

    /** Characters that change a JSON frame's structure most when they land in it. */
    private static final String JSON_NOISE = "{}[]\":,\\u0dDe1 \ud800";

    private final JsonCodec json = new JsonCodec();
    private final CborCodec cbor = new CborCodec(json);

    // --- any bytes, any text -----------------------------------------------------------------------------

    @Property(tries = 3000)
    void anyBytesAreACommandOrAProtocolErrorInCbor(@ForAll byte[] frame) {
        decodeCbor(frame);
    }

    @Property(tries = 3000)
    void anyTextIsACommandOrAProtocolErrorInJson(@ForAll String frame) {
        decodeJson(frame);
    }

    // --- near-valid frames: generated commands, with any strings, and mutated bytes -----------------------

    @Property(tries = 2000)
    void generatedJsonFramesDecodeOrAreRefused(@ForAll("frames") Map<String, Object> frame)
            throws JsonProcessingException {
        decodeJson(LENIENT_JSON.writeValueAsString(frame));
    }

    @Property(tries = 2000)
    void generatedCborFramesDecodeOrAreRefused(@ForAll("frames") Map<String, Object> frame) {
        byte[] bytes;
        try {
            bytes = LENIENT_CBOR.writeValueAsBytes(frame);
        } catch (JsonProcessingException unencodable) {
            return; // a lone surrogate Jackson will not write as UTF-8; the decoder sees such bytes elsewhere
        }
        decodeCbor(bytes);
    }

    @Property(tries = 2000)
    void mutatedCborFramesDecodeOrAreRefused(@ForAll("frames") Map<String, Object> frame,
            @ForAll("mutations") List<int[]> mutations) {
        byte[] bytes;
        try {
            bytes = LENIENT_CBOR.writeValueAsBytes(frame);
        } catch (JsonProcessingException unencodable) {
            return;
        }
        for (int[] m : mutations) {
            bytes[Math.floorMod(m[0], bytes.length)] = (byte) m[1];
        }
        decodeCbor(bytes);
    }

    @Property(tries = 2000)
    void mutatedJsonFramesDecodeOrAreRefused(@ForAll("frames") Map<String, Object> frame,
            @ForAll("mutations") List<int[]> mutations) throws JsonProcessingException {
        char[] text = LENIENT_JSON.writeValueAsString(frame).toCharArray();
        for (int[] m : mutations) {
            text[Math.floorMod(m[0], text.length)] = JSON_NOISE.charAt(Math.floorMod(m[1], JSON_NOISE.length()));
        }
        decodeJson(new String(text));
    }

    // --- the checks ---------------------------------------------------------------------------------------

    private void decodeJson(String frame) {
        Command command;
        try {
            command = json.decode(frame);
        } catch (ProtocolException refused) {
            encodesInBoth(refused.toFrame());
            return;
        }
        reencodes(command, true);
    }

    private void decodeCbor(byte[] frame) {
        Command command;
        try {
            command = cbor.decode(frame);
        } catch (ProtocolException refused) {
            encodesInBoth(refused.toFrame());
            return;
        }
        reencodes(command, false);
    }

    /**
     * A decoded command re-encodes in both encodings and decodes again; to the same command, except that byte
     * strings (CBOR only) become base64 text in JSON, as they do for JSON subscribers (docs/protocol.md).
     */
    private void reencodes(Command command, boolean fromJson) {
        try {
            Command viaJson = json.decode(json.mapper().writeValueAsString(command));
            Command viaCbor = cbor.decode(cbor.mapper().writeValueAsBytes(command));
            assertEquals(command, viaCbor, "CBOR round trip");
            if (fromJson) {
                assertEquals(command, viaJson, "JSON round trip");
            } else {
                assertEquals(command.getClass(), viaJson.getClass(), "JSON re-encoding of a CBOR command");
                assertEquals(command.id(), viaJson.id(), "JSON re-encoding of a CBOR command");
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError("a decoded command does not re-encode: " + command, e);
        }
        for (ServerFrame frame : framesFrom(command)) {
            encodesInBoth(frame);
        }
    }

    /** The server frames whose content comes from this command's fields (what fan-out and replies build). */
    private static List<ServerFrame> framesFrom(Command command) {
        return switch (command) {
            case Command.Publish p -> List.of(ServerFrame.PublicationPush.of(new Publication(p.channel(), 1, p.data(),
                    new PublisherInfo("c", null))), new ServerFrame.Published(p.id(), p.channel(), 1));
            case Command.Subscribe s -> List.of(new ServerFrame.Subscribed(s.id(), s.channel(), "e", 0, false,
                    List.of()));
            case Command.Unsubscribe u -> List.of(new ServerFrame.Unsubscribed(u.id(), u.channel()));
            case Command.Presence p -> List.of(new ServerFrame.PresenceReply(p.id(), p.channel(), List.of(), null));
            case Command.History h -> List.of(new ServerFrame.HistoryReply(h.id(), h.channel(), "e", 0, List.of()));
            case Command.Ping p -> List.of(new ServerFrame.Pong(p.id()));
            case Command.Rpc r -> List.of(new ServerFrame.RpcResult(r.id(), r.data()));
        };
    }

    private void encodesInBoth(ServerFrame frame) {
        json.encodeUtf8(frame);
        cbor.encode(frame);
    }

    // --- generators ----------------------------------------------------------------------------------------

    /** Any string: all of UTF-16 (lone surrogates included), sometimes short and plain. */
    private static Arbitrary<String> strings() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().alpha().numeric().withChars(":#-_").ofMinLength(1).ofMaxLength(10));
    }

    private static Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                strings().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(NODES::binaryNode));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> arrays = values(depth - 1).list().ofMaxSize(3).map(list -> {
            var array = NODES.arrayNode();
            list.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(strings(), values(depth - 1)).ofMaxSize(3).map(map -> {
            var object = NODES.objectNode();
            map.forEach(object::set);
            return object;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, scalars), net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects));
    }

    /** Frames that look like commands: a type, and any of the fields commands have, of any shape. */
    @Provide
    Arbitrary<Map<String, Object>> frames() {
        Arbitrary<Object> id = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.just(-1L), strings(),
                Arbitraries.just(null)).map(o -> (Object) o);
        Arbitrary<Object> since = Combinators.combine(strings(), Arbitraries.longs().between(-2, 1 << 20))
                .as((epoch, offset) -> (Object) Map.of("epoch", epoch, "offset", offset));
        Arbitrary<Object> limit = Arbitraries.integers().between(-5, 2000).map(i -> (Object) i);
        return Combinators.combine(Arbitraries.of(TYPES), strings(), values(2), id, since, limit, strings(),
                Arbitraries.integers().between(0, 127)).as((type, channel, data, cmdId, pos, lim, token, mask) -> {
                    Map<String, Object> frame = new LinkedHashMap<>();
                    frame.put("type", type);
                    if ((mask & 1) != 0) frame.put("channel", channel);
                    if ((mask & 1) != 0) frame.put("method", channel); // rpc's required field
                    if ((mask & 2) != 0) frame.put("data", data);
                    if ((mask & 4) != 0) frame.put("id", cmdId);
                    if ((mask & 8) != 0) frame.put("since", pos);
                    if ((mask & 16) != 0) frame.put("limit", lim);
                    if ((mask & 32) != 0) frame.put("token", token);
                    if ((mask & 64) != 0) frame.put(token, data); // an unknown field, any name
                    return frame;
                });
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 255))
                .as((at, value) -> new int[] { at, value }).list().ofMinSize(1).ofMaxSize(3);
    }
}
