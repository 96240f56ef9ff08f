package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.switchboard.protocol.Command;
import io.smallrye.mutiny.Uni;

/**
 * The per-connection command queue: replies must leave in arrival order even when a broker answers later, the
 * number of waiting commands is bounded, and one failing command must not stop the ones behind it.
 */
class CommandQueueTest {

    private static Command ping(long id) {
        return new Command.Ping(id);
    }

    /**
     * A handler whose commands complete when the test says so (like a Redis reply arriving later): records the
     * order in which commands were started and keeps each one's completion.
     */
    private static final class LaterHandler implements Function<Command, Uni<Void>> {
        final List<Long> started = new ArrayList<>();
        final Map<Long, CompletableFuture<Void>> pending = new LinkedHashMap<>();

        @Override
        public Uni<Void> apply(Command command) {
            started.add(command.id());
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.put(command.id(), done);
            return Uni.createFrom().completionStage(done);
        }

        void complete(long id) {
            pending.get(id).complete(null);
        }

        void fail(long id) {
            pending.get(id).completeExceptionally(new IllegalStateException("broker said no to " + id));
        }
    }

    @Test
    void commandsThatCompleteAtOnceRunImmediatelyInSubmitOrder() {
        List<Long> ran = new ArrayList<>();
        CommandQueue queue = new CommandQueue(c -> {
            ran.add(c.id());
            return Uni.createFrom().voidItem();
        }, 2);
        for (long id = 1; id <= 10; id++) {
            // more submits than the capacity: a command that completes at once never waits, so never counts
            assertTrue(queue.submit(ping(id)));
            assertEquals(id, ran.size(), "command " + id + " ran during its own submit");
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), ran);
    }

    @Test
    void aCommandWaitsUntilTheOneBeforeItCompletesEvenWhenCompletionsArriveOutOfOrder() {
        LaterHandler handler = new LaterHandler();
        CommandQueue queue = new CommandQueue(handler, 10);
        queue.submit(ping(1));
        queue.submit(ping(2));
        queue.submit(ping(3));
        assertEquals(List.of(1L), handler.started, "2 and 3 must wait for 1's reply");

        handler.complete(1);
        assertEquals(List.of(1L, 2L), handler.started);
        queue.submit(ping(4)); // arrives while 2 is in flight: behind 3
        handler.complete(2);
        handler.complete(3);
        assertEquals(List.of(1L, 2L, 3L, 4L), handler.started);
        handler.complete(4);

        // Idle again: the next command runs at once, not stuck behind a queue that believes it is still running.
        queue.submit(ping(5));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), handler.started);
    }

    @Test
    void onlyWaitingCommandsCountAgainstTheCapacityAndFreedRoomIsUsableAgain() {
        LaterHandler handler = new LaterHandler();
        CommandQueue queue = new CommandQueue(handler, 2);
        assertTrue(queue.submit(ping(1)), "runs at once: nothing waits");
        assertTrue(queue.submit(ping(2)));
        assertTrue(queue.submit(ping(3)));
        assertFalse(queue.submit(ping(4)), "two are waiting behind 1: the queue is full");
        assertEquals(List.of(1L), handler.started);

        handler.complete(1); // 2 starts: one waits
        assertTrue(queue.submit(ping(5)));
        assertFalse(queue.submit(ping(6)));
        handler.complete(2);
        handler.complete(3);
        handler.complete(5);
        assertEquals(List.of(1L, 2L, 3L, 5L), handler.started, "refused commands are never run");
    }

    @Test
    void aFailedCommandDoesNotStopTheCommandsBehindIt() {
        LaterHandler handler = new LaterHandler();
        CommandQueue queue = new CommandQueue(handler, 10);
        queue.submit(ping(1));
        queue.submit(ping(2));
        queue.submit(ping(3));
        handler.fail(1);
        assertEquals(List.of(1L, 2L), handler.started);
        handler.complete(2);
        handler.fail(3);
        queue.submit(ping(4));
        assertEquals(List.of(1L, 2L, 3L, 4L), handler.started);
    }

    @Test
    void aCommandThatFailsAtOnceDoesNotStopTheLoop() {
        List<Long> ran = new ArrayList<>();
        CommandQueue queue = new CommandQueue(c -> {
            ran.add(c.id());
            return c.id() % 2 == 0 ? Uni.createFrom().failure(new IllegalArgumentException("bad " + c.id()))
                    : Uni.createFrom().voidItem();
        }, 1);
        for (long id = 1; id <= 6; id++) {
            assertTrue(queue.submit(ping(id)));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), ran);
    }

    @Test
    void aHandlerThatThrowsInsteadOfFailingItsUniDoesNotStopTheLoop() {
        List<Long> ran = new ArrayList<>();
        CommandQueue queue = new CommandQueue(c -> {
            ran.add(c.id());
            if (c.id() == 2) {
                throw new IllegalStateException("a handler bug");
            }
            return Uni.createFrom().voidItem();
        }, 1);
        for (long id = 1; id <= 4; id++) {
            assertTrue(queue.submit(ping(id)), "command " + id + " accepted");
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), ran, "the commands after the throw still run");
    }

    @Test
    void aLongQueueBehindALateCommandDrainsInOrderWithoutDeepeningTheStack() {
        // 1 completes later; the 100,000 behind it complete at once. The completion callback must drain them in a
        // loop: a pump that called itself per command would overflow the thread's stack here.
        int behind = 100_000;
        List<Long> ran = new ArrayList<>();
        CompletableFuture<Void> first = new CompletableFuture<>();
        CommandQueue queue = new CommandQueue(c -> {
            ran.add(c.id());
            return c.id() == 1 ? Uni.createFrom().completionStage(first) : Uni.createFrom().voidItem();
        }, behind);
        for (long id = 1; id <= behind + 1; id++) {
            assertTrue(queue.submit(ping(id)));
        }
        assertEquals(1, ran.size());
        first.complete(null);
        assertEquals(behind + 1, ran.size());
        for (int i = 0; i < ran.size(); i++) {
            assertEquals(i + 1, ran.get(i));
        }
    }
}
