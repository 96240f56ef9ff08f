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
    // Created when a command first has to wait: most connections (an idle one sending a ping now and then, or a
    // client that waits for each reply) never have one waiting, and an empty ArrayDeque costs 112 bytes.
    private ArrayDeque<Command> queue;
    private boolean running;

    CommandQueue(Function<Command, Uni<Void>> handler, int capacity) {
        this.handler = handler;
        this.capacity = capacity;
    }

    /** Queues a command; false when the queue is full (the caller answers with an error). */
    boolean submit(Command command) {
        synchronized (this) {
            if (waiting() >= capacity) {
                return false;
            }
            if (running) {
                if (queue == null) {
                    queue = new ArrayDeque<>();
                }
                queue.addLast(command);
                return true;
            }
            running = true;
        }
        // Nothing was running, so nothing is waiting either (the loop below stops only on an empty queue): this
        // command is next, without a trip through the queue.
        pump(command);
        return true;
    }

    private int waiting() {
        return queue == null ? 0 : queue.size();
    }

    private void pump(Command first) {
        Command next = first;
        while (true) {
            if (next == null) {
                synchronized (this) {
                    next = queue == null ? null : queue.pollFirst();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
            }
            Completion completion = new Completion();
            Uni<Void> run;
            try {
                run = handler.apply(next);
            } catch (RuntimeException e) {
                // A handler that throws instead of failing its Uni must not leave the queue "running" for good:
                // the connection's later commands would wait forever. It counts as a failed command.
                run = Uni.createFrom().failure(e);
            }
            run.subscribe().with(ignored -> completion.done(), failure -> completion.done());
            if (!completion.continueHere()) {
                return; // completes later; its callback pumps the rest
            }
            next = null;
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
                pump(null);
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
