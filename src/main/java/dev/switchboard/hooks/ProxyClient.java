package dev.switchboard.hooks;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.metrics.HookMetrics;
import dev.switchboard.metrics.HookMetrics.Outcome;
import dev.switchboard.model.Refusal;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * POSTs one proxy request to the back end and reads its {@code result}/{@code error} answer, on the Vert.x HTTP
 * client: nothing blocks, and the answer (or the failure) arrives on the caller's event loop. Every call ends
 * within its timeout: a back end that is slow, answers an error status, answers something that is not the
 * expected JSON, or cannot be reached fails the call with a {@link Refusal} {@code BACKEND_UNAVAILABLE}, and each
 * call's latency and outcome is recorded.
 */
@Singleton
public class ProxyClient {

    private static final Logger LOG = Logger.getLogger(ProxyClient.class);
    /** Connections kept per back end: proxy calls of many clients run at once (a connect storm). */
    private static final int POOL_SIZE = 64;

    private final Vertx vertx;
    private final HttpClient http;
    private final ObjectMapper json;
    private final HookMetrics metrics;

    public ProxyClient(Vertx vertx, ObjectMapper json, HookMetrics metrics) {
        this.vertx = vertx;
        this.json = json;
        this.metrics = metrics;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(POOL_SIZE));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** A {@code result} whose fields are not what the hook expects (a wrongly typed field): a bad response. */
    static final class BadAnswer extends RuntimeException {
        BadAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * POSTs {@code body} to {@code url} for {@code hook}, with {@code headers} added (the forwarded ones), and
     * fails unless the back end answers 200 with a JSON object holding a {@code result} or an {@code error}
     * object within {@code timeout}. {@code read} turns that answer into the hook's value (throwing a
     * {@link Refusal} passes the back end's no on; throwing {@link BadAnswer} makes it a bad response); the
     * call's outcome is recorded once it has read the answer.
     */
    <T> Uni<T> call(String hook, String url, Duration timeout, Map<String, String> headers, Object body,
            Function<ProxyAnswer, T> read) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().emitter(emitter -> {
            long started = System.nanoTime();
            AtomicBoolean finished = new AtomicBoolean();
            HttpClientRequest[] sent = new HttpClientRequest[1];
            // Our own deadline over the whole exchange (connect, send, read): the client's idle timeout alone
            // would let a back end that trickles bytes hold the call for ever.
            long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
                if (finished.compareAndSet(false, true)) {
                    record(hook, Outcome.TIMEOUT, started);
                    if (sent[0] != null) {
                        sent[0].reset();
                    }
                    emitter.fail(unavailable(hook, "did not answer within " + timeout.toMillis() + " ms"));
                }
            });
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .putHeader("content-type", "application/json").putHeader("accept", "application/json");
            headers.forEach(options::putHeader);
            http.request(options)
                    .compose(request -> {
                        sent[0] = request;
                        return request.send(Buffer.buffer(payload));
                    })
                    .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b)))
                    .onComplete(ar -> {
                        if (!finished.compareAndSet(false, true)) {
                            return; // timed out already
                        }
                        vertx.cancelTimer(timer);
                        if (ar.failed()) {
                            record(hook, Outcome.UNREACHABLE, started);
                            LOG.debugf("%s hook: %s", hook, ar.cause().getMessage());
                            emitter.fail(unavailable(hook, "could not be reached"));
                            return;
                        }
                        Reply reply = ar.result();
                        if (reply.status() != 200) {
                            record(hook, Outcome.BAD_STATUS, started);
                            emitter.fail(unavailable(hook, "answered HTTP " + reply.status()));
                            return;
                        }
                        ProxyAnswer answer = parse(reply.body());
                        if (answer == null) {
                            record(hook, Outcome.BAD_RESPONSE, started);
                            emitter.fail(unavailable(hook, "answered with a body that is not {\"result\"} or "
                                    + "{\"error\"} JSON"));
                            return;
                        }
                        T value;
                        try {
                            value = read.apply(answer);
                        } catch (BadAnswer e) {
                            record(hook, Outcome.BAD_RESPONSE, started);
                            emitter.fail(unavailable(hook, "answered badly: " + e.getMessage()));
                            return;
                        } catch (RuntimeException e) {
                            record(hook, answer.refused() ? Outcome.REFUSED : Outcome.ALLOWED, started);
                            emitter.fail(e);
                            return;
                        }
                        record(hook, answer.refused() ? Outcome.REFUSED : Outcome.ALLOWED, started);
                        emitter.complete(value);
                    });
        });
    }

    private ProxyAnswer parse(Buffer body) {
        JsonNode tree;
        try {
            tree = json.readTree(body.getBytes());
        } catch (Exception e) {
            return null;
        }
        if (tree == null || !tree.isObject()) {
            return null;
        }
        JsonNode result = tree.get("result");
        JsonNode error = tree.get("error");
        if (error != null && error.isObject() && result == null) {
            return new ProxyAnswer(null, error);
        }
        if (result != null && result.isObject() && error == null) {
            return new ProxyAnswer(result, null);
        }
        return null;
    }

    private void record(String hook, Outcome outcome, long started) {
        metrics.call(hook, outcome, Duration.ofNanos(System.nanoTime() - started));
    }

    private static Refusal unavailable(String hook, String what) {
        return new Refusal(Refusal.Reason.BACKEND_UNAVAILABLE, "the " + hook + " back end " + what);
    }

    private record Reply(int status, Buffer body) {
    }
}
