package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One redis-server or redis-sentinel process of a test deployment, in its own directory, on its own port. */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Process process;

    private RedisProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts {@code binary [config] --port p ...args} in a fresh directory and waits until it answers PING. */
    static RedisProcess start(String binary, String configFile, int port, List<String> args) throws IOException {
        Path dir = Files.createTempDirectory("redis-" + port + "-");
        List<String> command = new ArrayList<>();
        command.add(binary);
        if (configFile != null) {
            Path config = dir.resolve("redis.conf");
            Files.writeString(config, configFile);
            command.add(config.toString());
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile())).start();
        RedisProcess started = new RedisProcess(port, dir, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!started.answersPing()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException(binary + " did not start on port " + port + ": " + started.log());
            }
            sleep(20);
        }
        return started;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: a crash; whatever was not replicated yet is lost. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private boolean answersPing() {
        try {
            return "PONG".equals(RedisBinaries.cli(port, "PING"));
        } catch (AssertionError e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
