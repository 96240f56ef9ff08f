package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;

/**
 * One measurement window: wall time and the server's CPU seconds between {@link #open} and {@link #close}.
 * Scenarios warm up first, then measure several windows back to back on the same connections.
 */
final class Window {
    private static final ServerProcess SELF = new ServerProcess(ProcessHandle.current().pid());
    private final ServerProcess server;
    private final long startNanos;
    private final double startCpu;
    private final double[] startSplit;
    private final double startOwnCpu;
    private double seconds;
    private double serverCpu;
    private double serverSystemCpu;
    private double ownCpu;

    private Window(ServerProcess server) {
        this.server = server;
        this.startSplit = server.cpuSplitSeconds();
        this.startCpu = startSplit[0] + startSplit[1];
        this.startOwnCpu = SELF.cpuSeconds();
        this.startNanos = System.nanoTime();
    }

    static Window open(ServerProcess server) {
        return new Window(server);
    }

    Window close() {
        seconds = (System.nanoTime() - startNanos) / 1e9;
        double[] split = server.cpuSplitSeconds();
        serverCpu = split[0] + split[1] - startCpu;
        serverSystemCpu = split[1] - startSplit[1];
        ownCpu = SELF.cpuSeconds() - startOwnCpu;
        return this;
    }

    double seconds() {
        return seconds;
    }

    double serverCpuSeconds() {
        return serverCpu;
    }

    JsonObject describe() {
        // The generator's own CPU shows when it, not the server, is what limits a run on this 2-core box.
        JsonObject o = new JsonObject().put("seconds", round(seconds)).put("generatorCpuCores", round(ownCpu / seconds));
        if (!Double.isNaN(serverCpu)) {
            o.put("serverCpuSeconds", round(serverCpu)).put("serverCpuCores", round(serverCpu / seconds))
                    .put("serverSystemCpuSeconds", round(serverSystemCpu));
        }
        return o;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static void sleepSeconds(double s) {
        try {
            Thread.sleep((long) (s * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
