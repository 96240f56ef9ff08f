package dev.switchboard.security;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.channel.NamespaceOptions;
import dev.switchboard.model.Refusal;

/**
 * A namespace's limit on the size of a client publication's {@code data}, measured as compact JSON bytes (the
 * size it has in history and on the wire). Counts without buffering the encoding.
 */
public final class PayloadLimit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PayloadLimit() {
    }

    public static void check(NamespaceOptions options, JsonNode data) {
        int max = options.maxPayloadSize();
        if (max <= 0) {
            return;
        }
        long size = size(data);
        if (size > max) {
            throw new Refusal(Refusal.Reason.LIMIT_EXCEEDED,
                    "data is " + size + " bytes; namespace '" + options.name() + "' allows " + max);
        }
    }

    static long size(JsonNode data) {
        Counter counter = new Counter();
        try {
            JSON.writeValue(counter, data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return counter.count;
    }

    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
