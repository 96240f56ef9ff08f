package dev.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on a Java older than 21 says in one line what it needs instead of exiting with status 1 and
 * no word. Run with a real old JVM when the machine has one (Debian's OpenJDK 17, or OLD_JAVA=/path/to/java);
 * the class-file check runs everywhere, since it is what lets an old JVM load the entry point at all.
 */
class OldJavaIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final List<String> OLD_JAVAS = List.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
            "/usr/lib/jvm/java-17-openjdk-arm64/bin/java");

    /** Under -Dnative there is no jar: the launcher's Java check belongs to the JVM build and is tested there. */
    private static void assumeJvmBuild() {
        Assumptions.assumeTrue(System.getProperty("native.image.path") == null,
                "the native profile builds no jar: the JVM launcher's Java check is tested by the JVM build");
    }

    @Test
    void theEntryPointIsCompiledForJava17() throws IOException {
        assumeJvmBuild();
        Path app;
        try (Stream<Path> jars = Files.list(Path.of("target", "quarkus-app", "app"))) {
            app = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        try (ZipFile jar = new ZipFile(app.toFile());
                InputStream in = jar.getInputStream(jar.getEntry("dev/switchboard/Main.class"));
                DataInputStream data = new DataInputStream(in)) {
            assertEquals(0xCAFEBABE, data.readInt());
            data.readUnsignedShort(); // minor
            assertEquals(61, data.readUnsignedShort(), "dev.switchboard.Main in " + app + " must be Java 17 bytecode");
        }
    }

    @Test
    void onJava17TheJarSaysWhatItNeedsInOneLine() throws Exception {
        assumeJvmBuild();
        String java = oldJava().orElse(null);
        Assumptions.assumeTrue(java != null, "no Java older than 21 here (apt-get install openjdk-17-jre-headless,"
                + " or set OLD_JAVA): the jar's message on an old Java is not checked");
        Process process = new ProcessBuilder(java, "-jar", JAR.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the jar did not exit on " + java);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(1, process.exitValue(), output);
        assertEquals(1, output.lines().count(), "one line expected:\n" + output);
        assertTrue(output.startsWith("Switchboard needs Java 21 or newer"), output);
        assertTrue(output.contains("JAVA_HOME"), output);
    }

    private static Optional<String> oldJava() {
        String configured = System.getenv("OLD_JAVA");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        return OLD_JAVAS.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst();
    }
}
