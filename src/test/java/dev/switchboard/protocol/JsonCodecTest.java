package dev.switchboard.protocol;

import dev.switchboard.model.Position;
import dev.switchboard.model.PublisherInfo;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Publication;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void decodesEveryCommand() {
        Command.Subscribe s = assertInstanceOf(Command.Subscribe.class, codec.decode(
                "{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a\",\"since\":{\"epoch\":\"e\",\"offset\":4},\"x\":1}"));
        assertEquals(new Position("e", 4), s.since());
        assertEquals(1L, s.id());
        assertInstanceOf(Command.Unsubscribe.class, codec.decode("{\"type\":\"unsubscribe\",\"channel\":\"a\"}"));
        Command.Publish p = assertInstanceOf(Command.Publish.class,
                codec.decode("{\"type\":\"publish\",\"channel\":\"a\",\"data\":null}"));
        assertEquals("null", p.data().toString(), "a JSON null is data too");
        assertInstanceOf(Command.Presence.class, codec.decode("{\"type\":\"presence\",\"channel\":\"a\"}"));
        Command.History h = assertInstanceOf(Command.History.class,
                codec.decode("{\"type\":\"history\",\"channel\":\"a\"}"));
        assertEquals(100, h.effectiveLimit());
        Command.Ping ping = assertInstanceOf(Command.Ping.class, codec.decode("{\"type\":\"ping\"}"));
        assertNull(ping.id());
    }

    @Test
    void errorsCarryCodeAndId() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decode("{\"type\":\"subscribe\",\"id\":9,\"channel\":5}"));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals(9L, e.commandId());
        assertEquals(ErrorCode.UNKNOWN_TYPE,
                assertThrows(ProtocolException.class, () -> codec.decode("{\"type\":\"x\"}")).code());
        assertEquals(ErrorCode.BAD_REQUEST,
                assertThrows(ProtocolException.class, () -> codec.decode("{\"type\":\"ping\"} {}")).code());
    }

    @Test
    void encodesFramesAsPROTOCOLShowsThem() {
        assertEquals("{\"type\":\"pong\",\"id\":5}", codec.encode(new ServerFrame.Pong(5L)));
        assertEquals("{\"type\":\"pong\"}", codec.encode(new ServerFrame.Pong(null)));
        assertEquals("{\"type\":\"welcome\",\"client\":\"c\",\"user\":null,\"node\":\"n\",\"version\":\"1.0.0\","
                + "\"pingInterval\":25,\"maxMessageSize\":65536}",
                codec.encode(new ServerFrame.Welcome("c", null, "n", "1.0.0", 25, 65536)));
        assertEquals("{\"type\":\"subscribed\",\"id\":3,\"channel\":\"t\",\"epoch\":\"x7Qa\",\"offset\":1202,"
                + "\"recovered\":true,\"publications\":[{\"channel\":\"t\",\"offset\":1201,\"data\":{\"px\":1}}]}",
                codec.encode(new ServerFrame.Subscribed(3L, "t", "x7Qa", 1202, true,
                        List.of(new Publication("t", 1201, new com.fasterxml.jackson.databind.ObjectMapper()
                                .createObjectNode().put("px", 1), null)))));
        assertEquals("{\"type\":\"error\",\"id\":4,\"code\":\"invalid_channel\",\"message\":\"m\"}",
                codec.encode(new ServerFrame.Error(4L, ErrorCode.INVALID_CHANNEL, "m")));
        assertEquals("{\"type\":\"publication\",\"channel\":\"c\",\"offset\":42,\"data\":\"hi\","
                + "\"info\":{\"client\":\"x\",\"user\":null}}",
                codec.encode(ServerFrame.PublicationPush.of(new Publication("c", 42, TextNode.valueOf("hi"),
                        new PublisherInfo("x", null)))));
        assertEquals("{\"type\":\"join\",\"channel\":\"c\",\"info\":{\"client\":\"x\",\"user\":\"alice\","
                + "\"info\":7}}", codec.encode(new ServerFrame.Join("c", new ClientInfo("x", "alice",
                        IntNode.valueOf(7)))));
        assertEquals("{\"type\":\"disconnect\",\"code\":1001,\"reason\":\"server shutting down\","
                + "\"reconnect\":true}", codec.encode(new ServerFrame.Disconnect(1001, "server shutting down", true)));
    }

    @Test
    void positionsParseFromQueryStrings() {
        assertEquals(new Position("k3J9", 41), Position.parse("k3J9:41"));
        assertThrows(IllegalArgumentException.class, () -> Position.parse("k3J9"));
        assertThrows(IllegalArgumentException.class, () -> Position.parse("k3J9:x"));
        assertThrows(IllegalArgumentException.class, () -> Position.parse(":4"));
        assertThrows(IllegalArgumentException.class, () -> Position.parse("e:-1"));
    }
}
