package dev.switchboard.hooks.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.switchboard.metrics.HookMetrics;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Delivers the queue to the back end, one batch at a time, on one Vert.x context: takes up to a batch of events,
 * POSTs them (formatted and signed once, so every retry sends the same bytes), and on a 2xx takes the next. A
 * failed POST (no answer in time, a non-2xx status, no connection) is retried with the same batch after an
 * exponential backoff with jitter, until the back end takes it: at-least-once, in order, for as long as the node
 * runs. Producers only add to the queue and {@link #wake} the sender; nothing here runs on their call.
 */
final class EventDelivery {

    private static final Logger LOG = Logger.getLogger(EventDelivery.class);

    private final Context context;
    private final HttpClient http;
    private final String url;
    private final EventQueue queue;
    private final EventFormatter formatter;
    private final BodySigner signer;
    private final HookMetrics metrics;
    private final int batchSize;
    private final long timeoutMillis;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;

    /** True while a batch is being sent or waits for its retry; only one is ever in flight. */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    // Owned by the delivery context:
    private byte[] body;
    private int bodyEvents;
    private int attempt;

    EventDelivery(Context context, HttpClient http, String url, EventQueue queue, EventFormatter formatter,
            BodySigner signer, HookMetrics metrics, int batchSize, Duration timeout, Duration minBackoff,
            Duration maxBackoff) {
        this.context = context;
        this.http = http;
        this.url = url;
        this.queue = queue;
        this.formatter = formatter;
        this.signer = signer;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.minBackoffMillis = Math.max(1, minBackoff.toMillis());
        this.maxBackoffMillis = Math.max(minBackoffMillis, maxBackoff.toMillis());
    }

    /** Starts the sender if it is idle; from any thread, returns at once. */
    void wake() {
        if (!stopped && running.compareAndSet(false, true)) {
            context.runOnContext(ignored -> sendNext());
        }
    }

    void stop() {
        stopped = true;
    }

    private void sendNext() {
        if (stopped) {
            return;
        }
        if (body == null) {
            List<HookEvent> batch = queue.take(batchSize);
            if (batch.isEmpty()) {
                running.set(false);
                // An event offered between take() and set(false) found the sender running and did not wake it.
                if (queue.size() > 0) {
                    wake();
                }
                return;
            }
            body = formatter.format(batch);
            bodyEvents = batch.size();
            attempt = 0;
        }
        post(body);
    }

    private void post(byte[] payload) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("content-type", formatter.contentType());
        signer.headers(payload).forEach(options::putHeader);
        AtomicBoolean finished = new AtomicBoolean();
        HttpClientRequest[] sent = new HttpClientRequest[1];
        long timer = context.owner().setTimer(timeoutMillis, t -> {
            if (finished.compareAndSet(false, true)) {
                if (sent[0] != null) {
                    sent[0].reset();
                }
                failed("no answer within " + timeoutMillis + " ms");
            }
        });
        http.request(options)
                .compose(request -> {
                    sent[0] = request;
                    return request.send(Buffer.buffer(payload));
                })
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(ar -> {
                    if (!finished.compareAndSet(false, true)) {
                        return;
                    }
                    context.owner().cancelTimer(timer);
                    if (ar.failed()) {
                        failed(String.valueOf(ar.cause().getMessage()));
                    } else if (ar.result() / 100 != 2) {
                        failed("HTTP " + ar.result());
                    } else {
                        metrics.eventsSent(bodyEvents);
                        body = null;
                        sendNext();
                    }
                });
    }

    /** Keeps the batch and tries it again after the backoff. */
    private void failed(String why) {
        metrics.batchFailed();
        attempt++;
        long delay = backoff(attempt);
        if (attempt == 1 || attempt % 10 == 0) {
            LOG.warnf("event delivery to %s failed (%s, attempt %d); retrying in %d ms, %d events waiting", url, why,
                    attempt, delay, queue.size() + bodyEvents);
        }
        context.owner().setTimer(delay, t -> context.runOnContext(ignored -> sendNext()));
    }

    /**
     * Exponential backoff with "equal jitter": half the doubled delay plus a random part of the other half, so
     * the nodes of a cluster do not retry in step, and no retry comes sooner than half its delay.
     */
    long backoff(int attempt) {
        long ceiling = minBackoffMillis << Math.min(attempt - 1, 30);
        long delay = Math.min(maxBackoffMillis, ceiling > 0 ? ceiling : maxBackoffMillis);
        long half = delay / 2;
        return half + ThreadLocalRandom.current().nextLong(delay - half + 1);
    }
}
