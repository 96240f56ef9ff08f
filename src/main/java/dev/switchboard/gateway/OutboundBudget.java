package dev.switchboard.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.ops.GatewayMetrics;
import dev.switchboard.protocol.CloseCodes;
import io.netty.util.internal.PlatformDependent;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * The node-wide bound on queued outbound bytes. Each connection's queue is bounded on its own
 * ({@code max-outbound-buffer}, checked at every write), but 19,000 connections times 1 MiB is more memory than a
 * node has: when many readers fall behind at once (a large fan-out to clients on a congested network), the sum
 * needs a bound too. Once a second the queues of all sessions are added up; over the budget, the sessions with
 * the longest queues are closed with 4008 until the others fit, so the node keeps serving everyone else.
 */
@Singleton
@Startup
public class OutboundBudget {

    private static final Logger LOG = Logger.getLogger(OutboundBudget.class);

    private record Queue(ClientSession session, long bytes) {
    }

    private final SessionRegistry sessions;
    private final GatewayMetrics metrics;
    private final Vertx vertx;
    private final long budget;
    private final long timerId;

    public OutboundBudget(SessionRegistry sessions, GatewayMetrics metrics, Vertx vertx, SwitchboardConfig config) {
        this.sessions = sessions;
        this.metrics = metrics;
        this.vertx = vertx;
        // Queued frames sit in Netty's direct buffers, so the default is a share of the direct memory limit.
        this.budget = config.limits().maxOutboundTotal().orElse(PlatformDependent.maxDirectMemory() / 4);
        this.timerId = vertx.setPeriodic(1000, id -> enforce());
    }

    public long budget() {
        return budget;
    }

    /** Closes the sessions with the longest queues while the queued total is over the budget. */
    void enforce() {
        long total = 0;
        List<Queue> queues = new ArrayList<>();
        for (ClientSession session : sessions.all()) {
            // A closing session's queue is on its way out (the socket closes within the WebSocket close timeout).
            long bytes = session.isClosing() ? 0 : session.outboundBytes();
            if (bytes > 0) {
                total += bytes;
                queues.add(new Queue(session, bytes));
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
            metrics.slowConsumer();
            queue.session().disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: node outbound budget exceeded");
        }
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timerId);
    }
}
