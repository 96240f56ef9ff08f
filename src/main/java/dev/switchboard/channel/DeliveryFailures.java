package dev.switchboard.channel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.metrics.FaultMetrics;
import dev.switchboard.model.ChannelEvent;

/**
 * What the hub does when delivering an event to one subscriber fails (an encoding that cannot represent the event,
 * a transport fault): counts it and logs it once per cause, not once per subscriber, so a fan-out to 10,000
 * subscribers that all fail the same way writes one log line, and the other subscribers still get the event.
 */
@Singleton
public class DeliveryFailures {

    private static final Logger LOG = Logger.getLogger(DeliveryFailures.class);
    /** Causes already logged, by exception class and message; bounded so hostile input cannot grow it. */
    private static final int MAX_REMEMBERED = 256;

    private final FaultMetrics metrics;
    private final Map<String, Boolean> logged = new ConcurrentHashMap<>();

    public DeliveryFailures(FaultMetrics metrics) {
        this.metrics = metrics;
    }

    void failed(ChannelEvent event, RuntimeException failure) {
        metrics.deliveryFailed();
        String cause = failure.getClass().getName() + ": " + failure.getMessage();
        if (logged.size() < MAX_REMEMBERED && logged.putIfAbsent(cause, Boolean.TRUE) == null) {
            LOG.warnf(failure, "delivery of %s to a subscriber failed (logged once per cause; counted in "
                    + "switchboard_delivery_failures_total)", event);
        }
    }
}
