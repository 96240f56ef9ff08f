package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * {@link FrameTypes} is written out by hand so that nothing discovers frame types reflectively in a native image.
 * Here, on the JVM, reflection is fine: it checks the hand-written lists against the sealed interfaces, so a new
 * frame type that is not added to them fails the build instead of going uncounted in a native binary.
 */
class FrameTypesTest {

    @Test
    void commandsAreThePermittedSubclassesOfCommand() {
        assertEquals(List.of(Command.class.getPermittedSubclasses()), classes(FrameTypes.COMMANDS),
                "FrameTypes.COMMANDS must list every record that implements Command, in declaration order");
    }

    @Test
    void serverFramesAreThePermittedSubclassesOfServerFrame() {
        assertEquals(List.of(ServerFrame.class.getPermittedSubclasses()), classes(FrameTypes.SERVER_FRAMES),
                "FrameTypes.SERVER_FRAMES must list every record that implements ServerFrame, in declaration order");
    }

    @Test
    void wireNamesAreTheJsonTypeNames() {
        for (List<? extends FrameTypes.FrameType<?>> types : List.of(FrameTypes.COMMANDS, FrameTypes.SERVER_FRAMES)) {
            for (FrameTypes.FrameType<?> type : types) {
                JsonTypeName name = type.type().getAnnotation(JsonTypeName.class);
                assertNotNull(name, type.type() + " has no @JsonTypeName");
                assertEquals(name.value(), type.wireName(), "wire name of " + type.type().getSimpleName());
            }
            assertEquals(types.size(), types.stream().map(FrameTypes.FrameType::wireName).distinct().count(),
                    "wire names must be unique within one direction: " + types);
        }
    }

    /** Jackson's own list of subtypes (the {@code @JsonSubTypes} on each interface) is a third copy: same classes. */
    @Test
    void jacksonSubtypesAreTheSameLists() {
        assertEquals(classes(FrameTypes.COMMANDS), jsonSubTypes(Command.class));
        assertEquals(classes(FrameTypes.SERVER_FRAMES), jsonSubTypes(ServerFrame.class));
    }

    private static List<Class<?>> classes(List<? extends FrameTypes.FrameType<?>> types) {
        return types.stream().<Class<?>>map(FrameTypes.FrameType::type).toList();
    }

    private static List<Class<?>> jsonSubTypes(Class<?> root) {
        return Arrays.stream(root.getAnnotation(JsonSubTypes.class).value()).<Class<?>>map(JsonSubTypes.Type::value)
                .toList();
    }
}
