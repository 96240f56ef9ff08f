package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A frame type added to a sealed hierarchy without being registered would fail only in the native image. */
class JacksonReflectionTest {

    @Test
    void everyFrameTypeIsRegistered() {
        Set<Class<?>> registered = Set.of(JacksonReflection.class.getAnnotation(RegisterForReflection.class).targets());
        for (Class<?> root : List.of(Command.class, ServerFrame.class)) {
            assertTrue(registered.contains(root), root + " is not registered");
            for (Class<?> type : root.getPermittedSubclasses()) {
                assertTrue(registered.contains(type), type + " is not registered for reflection");
            }
        }
    }
}
