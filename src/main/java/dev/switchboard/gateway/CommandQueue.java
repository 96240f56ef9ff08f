package dev.switchboard.gateway;

import java.util.ArrayDeque;
import java.util.function.Function;

import dev.switchboard.protocol.Command;
import io.smallrye.mutiny.Uni;

/**
 * Runs one connection's commands one after another, so replies go out in the order the commands arrived even
 * when a broker answers asynchronously. Commands that complete at once (the memory broker) run in a loop on the
 * caller's thread, with no queueing cost and no recursion.
 */
final class CommandQueue {

    private final Function<Command, Uni<Void>> handler;
    private final int capacity;
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    private boolean running;

    CommandQueue(Function<Command, Uni<Void>> handler, int capacity) {
        this.handler = handler;
        this.capacity = capacity;
    }

    /** Queues a command; false when the queue is full (the caller answers with an error). */
    boolean submit(Command command) {
        synchronized (this) {
            if (queue.size() >= capacity) {
                return false;
            }
            queue.addLast(command);
            if (running) {
                return true;
            }
            running = true;
        }
        pump();
        return true;
    }

    private void pump() {
        while (true) {
            Command next;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            Completion completion = new Completion();
            handler.apply(next).subscribe().with(ignored -> completion.done(), failure -> completion.done());
            if (!completion.continueHere()) {
                return; // completes later; its callback pumps the rest
            }
        }
    }

    /** Decides who runs the next command: this loop (completed synchronously) or the completion callback. */
    private final class Completion {
        private boolean finished;
        private boolean loopGaveUp;

        void done() {
            boolean resume;
            synchronized (this) {
                finished = true;
                resume = loopGaveUp;
            }
            if (resume) {
                pump();
            }
        }

        synchronized boolean continueHere() {
            if (finished) {
                return true;
            }
            loopGaveUp = true;
            return false;
        }
    }
}
