package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Appends one JSON object per measurement to a .jsonl file (the report reads those) and echoes it to stdout. */
final class ResultSink {
    private final Path file;
    private final int round;

    ResultSink(Options options) {
        String out = options.string("out", null);
        this.file = out == null ? null : Path.of(out);
        // Scripts that interleave servers (A B C, A B C, ...) to spread machine noise evenly label each pass.
        this.round = options.integer("round", 0);
    }

    void write(JsonObject result) {
        result.put("at", Instant.now().toString());
        if (round > 0) {
            result.put("round", round);
        }
        String line = result.encode();
        System.out.println("RESULT " + line);
        if (file == null) {
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
