package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes timestamped payloads at a set rate, round-robin over channels, either with the WebSocket
 * {@code publish} command (no {@code id}, so no reply to wait for; Socket.IO: its publish event), with
 * {@code POST /api/v1/publish}, or with Pusher's signed trigger {@code POST /apps/<id>/events} (its data the
 * JSON payload as a string, as the SDKs send).
 * Paced by a 1 ms timer that sends whatever is due, so rates far above 1,000/s still come out even.
 */
final class Publisher {
    enum Via { WS, HTTP, PUSHER }

    private final Generator gen;
    private final Via via;
    private final Endpoint endpoint;
    private final String apiKey;
    private final String[] channels;
    private final Dialect dialect;
    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final AtomicLong firstError = new AtomicLong();
    private WebSocket ws;
    private HttpClient http;
    private volatile double rate;
    private long timer = -1;
    private long due0Nanos;
    private long sentSinceRateChange;
    private long next;

    /** About how large each publication's data is (0: just the timestamp); --payload-bytes of the fan-out. */
    int payloadBytes;
    /** For Via.PUSHER: the app id and its signer. */
    String pusherApp;
    PusherSigner pusherSigner;

    Publisher(Generator gen, Via via, Endpoint endpoint, String apiKey, String[] channels) {
        this(gen, via, endpoint, apiKey, channels, Dialect.SWITCHBOARD);
    }

    Publisher(Generator gen, Via via, Endpoint endpoint, String apiKey, String[] channels, Dialect dialect) {
        this.gen = gen;
        this.dialect = dialect;
        this.via = via;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.channels = channels;
    }

    /** Publisher runs on event loop 0; subscribers are spread over all loops. */
    Future<Void> start() {
        if (via == Via.HTTP || via == Via.PUSHER) {
            http = gen.newHttp(64);
            return Future.succeededFuture();
        }
        // Without an id, success is silent; anything that arrives is an error (e.g. rate_limited). The dialect
        // answers its own heartbeat (Socket.IO's pings) before frames get here.
        return dialect.connected(gen, endpoint, 0, frame -> {
            failed.increment();
            if (firstError.compareAndSet(0, 1)) {
                System.err.println("publisher got: " + frame);
            }
        }).map(socket -> {
            ws = socket;
            return null;
        });
    }

    /** Changes the rate (publications per second across all channels); 0 stops publishing. */
    void rate(double perSecond) {
        gen.on(0, () -> {
            rate = perSecond;
            due0Nanos = System.nanoTime();
            sentSinceRateChange = 0;
            if (timer < 0 && perSecond > 0) {
                timer = gen.vertx.setPeriodic(1, id -> tick());
            }
        });
    }

    private void tick() {
        if (rate <= 0) {
            return;
        }
        long due = (long) ((System.nanoTime() - due0Nanos) / 1e9 * rate);
        // After a stall (GC, a starved event loop) catch up at most one second's worth at once: enough that low
        // rates still send what they promised, bounded so that a long stall does not turn into a huge burst.
        long backlog = due - sentSinceRateChange;
        long cap = Math.max(1, (long) rate);
        if (backlog > cap) {
            sentSinceRateChange = due - cap;
            backlog = cap;
        }
        for (long k = 0; k < backlog; k++) {
            publishOne(channels[(int) (next++ % channels.length)]);
            sentSinceRateChange++;
        }
    }

    private void publishOne(String channel) {
        String data = Timestamp.payload(System.nanoTime(), payloadBytes);
        sent.increment();
        if (via == Via.WS) {
            ws.writeTextMessage(dialect.publish(channel, data));
            return;
        }
        RequestOptions req = new RequestOptions().setMethod(HttpMethod.POST).setHost(endpoint.host())
                .setPort(endpoint.port()).putHeader("Content-Type", "application/json");
        Buffer body;
        if (via == Via.PUSHER) {
            String json = "{\"name\":\"bench\",\"channel\":\"" + channel + "\",\"data\":\""
                    + data.replace("\"", "\\\"") + "\"}";
            req.setURI(pusherSigner.signedUri("/apps/" + pusherApp + "/events", json));
            body = Buffer.buffer(json);
        } else {
            req.setURI("/api/v1/publish").putHeader("X-API-Key", apiKey);
            body = Buffer.buffer("{\"channel\":\"" + channel + "\",\"data\":" + data + "}");
        }
        http.request(req).compose(r -> r.send(body)).onComplete(ar -> {
            if (ar.failed() || ar.result().statusCode() / 100 != 2) {
                failed.increment();
                if (firstError.compareAndSet(0, 1)) {
                    System.err.println("HTTP publish failed: "
                            + (ar.failed() ? ar.cause() : ar.result().statusCode()));
                }
            }
        });
    }
}
