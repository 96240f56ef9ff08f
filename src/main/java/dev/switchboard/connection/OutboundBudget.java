package dev.switchboard.connection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.model.CloseCodes;
import io.netty.util.internal.PlatformDependent;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * The node-wide bound on queued outbound bytes. Each connection's queue is bounded on its own
 * ({@code max-outbound-buffer}, checked at every write), but 19,000 connections times 1 MiB is more memory than a
 * node has: when many readers fall behind at once (a large fan-out to clients on a congested network), the sum
 * needs a bound too. Once a second the queues of all connections are added up; over the budget, the connections with
 * the longest queues are closed with 4008 until the others fit, so the node keeps serving everyone else.
 */
@Singleton
@Startup
public class OutboundBudget {

    private static final Logger LOG = Logger.getLogger(OutboundBudget.class);

    private record Queue(Connection connection, long bytes) {
    }

    private final ConnectionRegistry connections;
    private final Vertx vertx;
    private final long budget;
    private final long timerId;

    public OutboundBudget(ConnectionRegistry connections, Vertx vertx, SwitchboardConfig config) {
        this.connections = connections;
        this.vertx = vertx;
        // Queued frames sit in Netty's direct buffers, so the default is a share of the direct memory limit.
        this.budget = config.limits().maxOutboundTotal().orElse(PlatformDependent.maxDirectMemory() / 4);
        this.timerId = vertx.setPeriodic(1000, id -> enforce());
    }

    /** Closes the connections with the longest queues while the queued total is over the budget. */
    void enforce() {
        long total = 0;
        List<Queue> queues = new ArrayList<>();
        for (Connection connection : connections.all()) {
            // A closing connection's queue is on its way out (the socket closes within the WebSocket close timeout).
            long bytes = connection.isClosing() ? 0 : connection.outboundBytes();
            if (bytes > 0) {
                total += bytes;
                queues.add(new Queue(connection, bytes));
            }
        }
        if (total <= budget) {
            return;
        }
        LOG.warnf("outbound queues hold %d bytes, over the node budget of %d: closing the slowest readers",
                total, budget);
        queues.sort(Comparator.comparingLong(Queue::bytes).reversed());
        for (Queue queue : queues) {
            if (total <= budget) {
                break;
            }
            total -= queue.bytes();
            queue.connection().countSlowConsumer();
            queue.connection().disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: node outbound budget exceeded");
        }
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timerId);
    }
}
