package dev.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.TestClient;

/**
 * A real streaming SSE client for tests: java.net.http over a plain HTTP/1.1 connection, reading the response
 * line by line as it arrives and parsing events as the EventSource specification does (id, event, data,
 * comments). {@link #close} drops the connection, as a browser losing its network would.
 */
final class SseClient implements AutoCloseable {

    record Event(String id, String name, JsonNode data) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final InputStream body;
    private final Thread reader;
    final int status;
    final String contentType;

    private SseClient(URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            this.status = response.statusCode();
            this.contentType = response.headers().firstValue("content-type").orElse("");
            this.body = response.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not open " + uri, e);
        }
        this.reader = Thread.ofVirtual().start(this::readEvents);
    }

    static SseClient open(URI base, String lastEventId, String... channels) {
        return openWith(base, lastEventId, "", channels);
    }

    /** {@link #open}, with {@code extraQuery} (e.g. {@code "&latest=true"}) after the channels. */
    static SseClient openWith(URI base, String lastEventId, String extraQuery, String... channels) {
        StringBuilder query = new StringBuilder("/sse?");
        for (int i = 0; i < channels.length; i++) {
            query.append(i > 0 ? "&" : "").append("channel=")
                    .append(URLEncoder.encode(channels[i], StandardCharsets.UTF_8));
        }
        SseClient client = new SseClient(base.resolve(query.append(extraQuery).toString()), lastEventId);
        assertEquals(200, client.status);
        return client;
    }

    private void readEvents() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name == null ? "message" : name, TestClient.parse(data.toString())));
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        }
    }

    Event next() {
        try {
            Event event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("no SSE event within " + TIMEOUT);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Event next(String name) {
        Event event = next();
        assertEquals(name, event.name(), "unexpected event " + event);
        return event;
    }

    List<Event> publications(int count) {
        List<Event> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(next("publication"));
        }
        return result;
    }

    /** Asserts that no event arrives within {@code quiet}. */
    void assertNoEvent(Duration quiet) {
        try {
            Event event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (event != null) {
                fail("unexpected SSE event " + event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int comments() {
        return comments.get();
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        http.shutdownNow();
        reader.interrupt();
    }
}
