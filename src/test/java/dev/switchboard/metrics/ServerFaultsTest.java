package dev.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Every fault is counted; each cause is logged once, not once per occurrence. */
class ServerFaultsTest {

    @Test
    void countsEveryFaultAndLogsEachCauseOnce() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ServerFaults faults = new ServerFaults(registry);
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName().equals(ServerFaults.class.getName())) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(handler);
        try {
            for (int i = 0; i < 1000; i++) {
                faults.record("fan-out", new IllegalStateException("boom " + i));
            }
            faults.record("fan-out", new NullPointerException());
            faults.record("http api", new IllegalStateException());
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }
        assertEquals(1001, registry.get("switchboard.server.faults").tag("where", "fan-out").counter().count());
        assertEquals(1, registry.get("switchboard.server.faults").tag("where", "http api").counter().count());
        assertEquals(3, records.size(), "one line per cause (where and exception class): " + records.size());
    }
}
