package dev.switchboard.pusher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SwitchboardNode;

/**
 * A server restart under pusher-js (src/test/browser/pusher/restart.mjs): the packaged node is stopped and
 * started again on the same port while a pusher-js client is subscribed; pusher-js reconnects by itself,
 * subscribes again and receives what is triggered afterwards. The script says RESTART on its output and waits
 * for a line on its input, which this test writes once the new node is ready.
 */
class PusherRestartIT {

    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void pusherJsReconnectsByItselfAfterARestart() throws Exception {
        NodeScript.requireTools(false);
        SwitchboardNode node = new SwitchboardNode("pusher-restart", RedisServer.freePort(), Map.of(
                "switchboard.demo.ticker.enabled", "false",
                "switchboard.pusher.apps.app-one.key", PusherTestProfile.KEY,
                "switchboard.pusher.apps.app-one.secret", PusherTestProfile.SECRET));
        try {
            node.start();
            node.awaitReady(START);
            Process script = new ProcessBuilder("node", "pusher/restart.mjs", "http://localhost:" + node.port() + "/")
                    .directory(NodeScript.DIR.toFile()).redirectErrorStream(true).start();
            // A hung script must not hang the build: it is killed after three minutes (and then fails below).
            CompletableFuture.runAsync(script::destroyForcibly, CompletableFuture.delayedExecutor(3, TimeUnit.MINUTES));
            List<String> output = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(),
                    StandardCharsets.UTF_8)); Writer input = new OutputStreamWriter(script.getOutputStream(),
                            StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    System.out.println("[restart.mjs] " + line);
                    if (line.equals("RESTART")) {
                        node.close();
                        node.start();
                        node.awaitReady(START);
                        input.write("restarted\n");
                        input.flush();
                    }
                }
            }
            if (!script.waitFor(2, TimeUnit.MINUTES)) {
                script.destroyForcibly();
                fail("restart.mjs did not finish: " + output);
            }
            assertEquals(0, script.exitValue(), "restart.mjs failed: " + String.join("\n", output));
            assertTrue(output.contains("PASS restart"), String.join("\n", output));
        } finally {
            node.close();
        }
    }
}
