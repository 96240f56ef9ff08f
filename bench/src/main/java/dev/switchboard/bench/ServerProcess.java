package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server under test seen from outside, through /proc and jcmd: CPU seconds used, resident memory, and a
 * forced GC. Reading /proc costs the server nothing, so the numbers are not disturbed by measuring them.
 */
final class ServerProcess {
    private static final double TICKS_PER_SECOND = clockTicks();
    private final long pid;

    ServerProcess(long pid) {
        this.pid = pid;
    }

    boolean known() {
        return pid > 0 && Files.exists(Path.of("/proc/" + pid));
    }

    long pid() {
        return pid;
    }

    /** User plus system CPU seconds the process has used since it started (fields 14 and 15 of /proc/pid/stat). */
    double cpuSeconds() {
        double[] split = cpuSplitSeconds();
        return split[0] + split[1];
    }

    /**
     * User and system CPU seconds, apart: system time is the kernel's share (on loopback a write(2) also runs the
     * TCP send and receive path), user time the server's own code. NaN when the process is gone.
     */
    double[] cpuSplitSeconds() {
        if (!known()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces; the fields after it start behind the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[] {Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND};
        } catch (IOException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** Resident set size in bytes (VmRSS of /proc/pid/status). */
    long rssBytes() {
        return statusField("VmRSS:");
    }

    int threads() {
        return (int) statusField("Threads:");
    }

    private long statusField(String name) {
        if (!known()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    long v = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equals("kB") ? v * 1024 : v;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Runs jcmd against the server (only meaningful when it is a JVM); returns its output, empty on failure. */
    String jcmd(String... command) {
        if (!known()) {
            return "";
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out : "";
        } catch (IOException | InterruptedException | IllegalThreadStateException e) {
            return "";
        }
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Double.parseDouble(out);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100.0; // the Linux default
        }
    }
}
