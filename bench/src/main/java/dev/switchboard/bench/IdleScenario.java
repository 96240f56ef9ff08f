package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle: N connections held open with heartbeats, spread over several generator processes (20,000 files per process
 * is a hard limit here). Measures the server before and after, each time after a full GC: RSS, live heap, NMT
 * categories, kernel slab and TCP buffer memory; and the server's CPU while the connections sit idle.
 */
final class IdleScenario {
    private final Options options;

    IdleScenario(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        String url = options.required("url");
        int total = options.integer("connections", 19000);
        int processes = options.integer("processes", Math.max(1, (total + 4999) / 5000));
        double idleSeconds = options.decimal("idle-seconds", 30);
        ServerProcess server = new ServerProcess(options.pid("server-pid"));
        if (!server.known()) {
            throw new IllegalArgumentException("idle needs --server-pid of a running server");
        }
        ResultSink sink = new ResultSink(options);
        int warmup = options.integer("warmup-connections", 0);
        if (warmup > 0) {
            warmUp(url, warmup);
        }

        StringBuilder histogramBefore = new StringBuilder();
        Snapshot before = Snapshot.take(server, histogramBefore);
        List<Process> workers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(processes);
        AtomicInteger opened = new AtomicInteger();
        List<String> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        for (int p = 0; p < processes; p++) {
            int share = total / processes + (p < total % processes ? 1 : 0);
            Process worker = new ProcessBuilder(javaBin(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", ownJar(),
                    Main.class.getName(), "idle-worker", "--url", url, "--connections", Integer.toString(share),
                    "--event-loops", "1", "--hold-seconds", Integer.toString((int) idleSeconds + 240),
                    "--ping-seconds", options.string("ping-seconds", "25"),
                    "--await-welcome", options.string("await-welcome", "true"),
                    "--compress", options.string("compress", "false"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            workers.add(worker);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(worker.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("READY ")) {
                            opened.addAndGet(Integer.parseInt(line.substring(6).trim()));
                            ready.countDown();
                        } else if (line.startsWith("STATUS ")) {
                            statuses.add(line.substring(7));
                        }
                    }
                } catch (IOException ignored) {
                    // the worker ended
                }
                ready.countDown(); // never leave the latch hanging when a worker dies early
            });
            reader.setDaemon(true);
            reader.start();
        }
        try {
            if (!ready.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("workers did not get ready");
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d connections open in %.1f s%n", opened.get(), openSeconds);
            Window.sleepSeconds(5); // let connection setup garbage and JIT settle before timing idle CPU
            Window idle = Window.open(server);
            Window.sleepSeconds(idleSeconds);
            idle.close();
            StringBuilder histogram = new StringBuilder();
            Snapshot after = Snapshot.take(server, histogram);
            int n = opened.get();
            String histFile = options.string("histogram-out", null);
            if (histFile != null) {
                // Both full histograms: bench/histogram_diff.py turns them into bytes per connection and class.
                Files.writeString(Path.of(histFile), histogram.toString());
                Files.writeString(Path.of(histFile.replaceFirst("(\\.txt)?$", ".before.txt")),
                        histogramBefore.toString());
            }
            JsonObject result = new JsonObject()
                    .put("scenario", "idle")
                    .put("target", options.string("target", "switchboard"))
                    .put("compress", options.string("compress", "false"))
                    .put("connections", n)
                    .put("generatorProcesses", processes)
                    .put("openSeconds", Window.round(openSeconds))
                    .put("idleWindow", idle.describe())
                    .put("before", before.describe())
                    .put("after", after.describe())
                    .put("perConnection", after.perConnection(before, n));
            for (Process w : workers) {
                w.getOutputStream().close(); // EOF tells the worker to close its sockets and exit
            }
            for (Process w : workers) {
                w.waitFor(60, TimeUnit.SECONDS);
            }
            result.put("workerStatus", new io.vertx.core.json.JsonArray(new ArrayList<>(statuses)));
            sink.write(result);
        } finally {
            for (Process w : workers) {
                if (w.isAlive()) {
                    w.destroy();
                }
            }
        }
    }

    /**
     * Opens and closes {@code n} connections before the baseline snapshot, so the code the server compiles and the
     * classes it loads for its first connections (a fixed cost of some MB) are not counted per connection.
     */
    private void warmUp(String url, int n) throws Exception {
        Process worker = new ProcessBuilder(javaBin(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", ownJar(),
                Main.class.getName(), "idle-worker", "--url", url, "--connections", Integer.toString(n),
                "--event-loops", "1", "--hold-seconds", "60", "--ping-seconds", options.string("ping-seconds", "25"),
                "--await-welcome", options.string("await-welcome", "true"),
                "--compress", options.string("compress", "false"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(worker.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    System.out.printf("warm-up: %s connections open%n", line.substring(6).trim());
                    Window.sleepSeconds(3);
                    worker.getOutputStream().close();
                }
            }
        }
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
            worker.destroy();
        }
        Window.sleepSeconds(3); // let the server finish the closes
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String ownJar() throws Exception {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Server memory after a full GC. */
    private record Snapshot(long rss, long liveHeap, JsonObject nmtKb, KernelMemory kernel) {
        static Snapshot take(ServerProcess server, StringBuilder histogram) {
            long heap = JvmMemory.liveHeapBytes(server, histogram); // the histogram runs a full GC first
            server.jcmd("GC.run");
            Window.sleepSeconds(2);
            return new Snapshot(server.rssBytes(), heap, JvmMemory.nativeMemoryKb(server), KernelMemory.read());
        }

        JsonObject describe() {
            return new JsonObject().put("rssBytes", rss).put("liveHeapBytes", liveHeap).put("nmtCommittedKb", nmtKb)
                    .put("kernelSlabBytes", kernel.slabBytes()).put("tcpBufferBytes", kernel.tcpBufferBytes())
                    .put("tcpSockets", kernel.tcpSockets());
        }

        JsonObject perConnection(Snapshot base, int n) {
            JsonObject o = new JsonObject()
                    .put("rssBytes", (rss - base.rss) / Math.max(1, n))
                    .put("liveHeapBytes", (liveHeap - base.liveHeap) / Math.max(1, n))
                    // Both ends of each loopback connection are in this kernel: half is the server's share.
                    .put("kernelSlabBytesBothEnds", (kernel.slabBytes() - base.kernel.slabBytes()) / Math.max(1, n))
                    .put("tcpBufferBytesBothEnds", (kernel.tcpBufferBytes() - base.kernel.tcpBufferBytes()) / Math.max(1, n));
            JsonObject nmt = new JsonObject();
            for (String k : nmtKb.fieldNames()) {
                Long b = base.nmtKb.getLong(k);
                if (b != null) {
                    nmt.put(k, (nmtKb.getLong(k) - b) * 1024 / Math.max(1, n));
                }
            }
            return o.put("nmtCommittedBytes", nmt);
        }
    }
}
