package dev.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Redis programs (redis-server, redis-cli, redis-sentinel), found or the test skipped with a clear
 * message; under CI ({@code CI=true}) a missing program fails instead.
 */
public final class RedisBinaries {

    private RedisBinaries() {
    }

    /** The path of the program, or the calling test is skipped (fails under CI). */
    public static String require(String program, String debianPackage) {
        for (String dir : new String[] { "/usr/bin/", "/usr/local/bin/" }) {
            if (new File(dir + program).canExecute()) {
                return dir + program;
            }
        }
        String message = program + " is not installed (install: apt-get install " + debianPackage
                + "; the tests start their own on free ports)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + ": required under CI");
        }
        Assumptions.abort(message + ": these Redis tests are skipped");
        return null;
    }

    /** Runs {@code redis-cli -p port args...} and answers its output (raw, one reply item a line). */
    public static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(require("redis-cli", "redis-tools"), "-h", "127.0.0.1",
                "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command, 30);
    }

    static String run(List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " failed (" + process.exitValue() + "): " + out);
            }
            return out.strip();
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
