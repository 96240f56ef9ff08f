package dev.switchboard.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The packaged application the integration tests (*IT) run against, chosen the way failsafe is configured: the
 * native profile ({@code -Dnative}) hands the tests {@code native.image.path}, and then it is that executable and
 * nothing else. A missing executable is an error, never a reason to run the jar instead: a native run that
 * quietly tested the JVM build is how issue 15 found frame metrics broken only in native. Without the property
 * it is the fast-jar, {@code target/quarkus-app/quarkus-run.jar}.
 *
 * <p>{@link PackagedApp} and {@link SwitchboardNode} start it themselves; for the {@code @QuarkusIntegrationTest}
 * classes Quarkus starts it, and {@link ArtifactUnderTest} checks that Quarkus is about to start this one.
 */
public record PackagedArtifact(Kind kind, Path path) {

    public enum Kind {
        NATIVE, JAR
    }

    /** The system property the native profile of pom.xml gives failsafe (the name Quarkus's launcher reads too). */
    public static final String NATIVE_IMAGE_PATH = "native.image.path";

    /** Where Quarkus records what it built (type {@code jar}, {@code native}, ...), under the build directory. */
    static final String QUARKUS_ARTIFACT_PROPERTIES = "quarkus-artifact.properties";

    /** The build directory; failsafe runs the tests with the project directory as the working directory. */
    static final Path BUILD_DIRECTORY = Path.of("target");

    /** The artifact for this test run. */
    public static PackagedArtifact current() {
        return choose(System.getProperties(), BUILD_DIRECTORY);
    }

    /** The artifact these system properties ask for; throws when it is not there. */
    static PackagedArtifact choose(Properties systemProperties, Path buildDirectory) {
        String nativeImage = systemProperties.getProperty(NATIVE_IMAGE_PATH);
        if (nativeImage != null && !nativeImage.isBlank()) {
            Path binary = Path.of(nativeImage);
            if (!Files.isRegularFile(binary)) {
                throw new IllegalStateException("the native profile is active (" + NATIVE_IMAGE_PATH + "=" + binary
                        + ") but there is no native executable there; build it (./mvnw verify -Dnative) or run "
                        + "without -Dnative. The integration tests do not fall back to the jar.");
            }
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(NATIVE_IMAGE_PATH + "=" + binary + " is not executable");
            }
            return new PackagedArtifact(Kind.NATIVE, binary);
        }
        Path jar = buildDirectory.resolve("quarkus-app").resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests through ./mvnw verify "
                    + "(failsafe runs after package)");
        }
        return new PackagedArtifact(Kind.JAR, jar);
    }

    /**
     * The command line that starts this artifact with these {@code -D} settings; {@code jvmFlags} (heap size,
     * JIT tiers) only apply to the jar, a native executable takes its defaults from the build.
     */
    public List<String> command(List<String> jvmFlags, Map<String, String> settings) {
        List<String> command = new ArrayList<>();
        if (kind == Kind.NATIVE) {
            command.add(path.toAbsolutePath().toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags);
        }
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (kind == Kind.JAR) {
            command.add("-jar");
            command.add(path.toString());
        }
        return command;
    }

    /** For the test's output: which artifact it started. */
    public String describe() {
        return kind == Kind.NATIVE ? "native executable " + path.toAbsolutePath()
                : "jar " + path.toAbsolutePath() + " (java " + Runtime.version().feature() + ")";
    }

    /**
     * Throws unless the build that {@code @QuarkusIntegrationTest} launches (the type in quarkus-artifact.properties)
     * is of this artifact's kind. It reads that file, not our system properties: a JVM package left over from an
     * earlier build would otherwise be tested under {@code -Dnative} without anyone noticing.
     */
    void requireQuarkusBuilt(Path buildDirectory) {
        Path file = buildDirectory.resolve(QUARKUS_ARTIFACT_PROPERTIES);
        Properties built = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            built.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(file + " cannot be read (" + e + "): the application was not packaged");
        }
        String type = built.getProperty("type", "");
        String expected = kind == Kind.NATIVE ? "native" : "jar";
        if (!type.equals(expected)) {
            throw new IllegalStateException("the tests expect the " + describe() + ", but the last build made a '"
                    + type + "' artifact (" + file + ": path=" + built.getProperty("path") + "); "
                    + "@QuarkusIntegrationTest would launch that instead");
        }
    }
}
