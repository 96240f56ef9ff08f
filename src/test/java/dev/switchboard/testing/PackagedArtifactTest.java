package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The integration tests' choice of artifact, on the JVM (no native toolchain needed): with the system properties
 * that pom.xml's failsafe configuration gives the tests, read from pom.xml itself, in a build directory made
 * here with real files.
 */
class PackagedArtifactTest {

    private static final String FINAL_NAME = "switchboard-test";

    @TempDir
    Path build;

    @Test
    void theNativeProfilePicksTheExecutableAndStartsItWithoutJvmFlags() throws Exception {
        Path binary = executable(build.resolve(FINAL_NAME + "-runner"));
        jar();

        PackagedArtifact artifact = PackagedArtifact.choose(failsafeProperties(true), build);

        assertEquals(PackagedArtifact.Kind.NATIVE, artifact.kind());
        assertEquals(binary, artifact.path());
        List<String> command = artifact.command(List.of("-Xmx256m"), Map.of("quarkus.http.port", "9"));
        assertEquals(List.of(binary.toAbsolutePath().toString(), "-Dquarkus.http.port=9"), command);
        assertTrue(artifact.describe().startsWith("native executable "), artifact.describe());
    }

    @Test
    void theNativeProfileFailsWhenTheExecutableIsMissingEvenIfTheJarIsThere() throws Exception {
        jar();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PackagedArtifact.choose(failsafeProperties(true), build));
        assertTrue(e.getMessage().contains(build.resolve(FINAL_NAME + "-runner").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("do not fall back to the jar"), e.getMessage());
    }

    @Test
    void theNativeProfileFailsWhenTheFileIsNotExecutable() throws Exception {
        Files.writeString(build.resolve(FINAL_NAME + "-runner"), "not a program");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PackagedArtifact.choose(failsafeProperties(true), build));
        assertTrue(e.getMessage().contains("is not executable"), e.getMessage());
    }

    @Test
    void withoutTheNativeProfileItIsTheJarEvenIfAnExecutableIsThere() throws Exception {
        executable(build.resolve(FINAL_NAME + "-runner"));
        Path jar = jar();

        Properties properties = failsafeProperties(false);
        assertFalse(properties.containsKey(PackagedArtifact.NATIVE_IMAGE_PATH),
                "native.image.path must be set by the native profile only, else every JVM run would need a binary");
        PackagedArtifact artifact = PackagedArtifact.choose(properties, build);

        assertEquals(PackagedArtifact.Kind.JAR, artifact.kind());
        List<String> command = artifact.command(List.of("-Xmx256m"), Map.of("quarkus.http.port", "9"));
        assertEquals(List.of("-Xmx256m", "-Dquarkus.http.port=9", "-jar", jar.toString()),
                command.subList(1, command.size()));
        assertTrue(command.get(0).endsWith("/bin/java"), command.get(0));
    }

    @Test
    void withoutTheNativeProfileAMissingJarFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PackagedArtifact.choose(failsafeProperties(false), build));
        assertTrue(e.getMessage().contains("quarkus-run.jar is missing"), e.getMessage());
    }

    @Test
    void quarkusMustHaveBuiltTheSameKind() throws Exception {
        executable(build.resolve(FINAL_NAME + "-runner"));
        PackagedArtifact artifact = PackagedArtifact.choose(failsafeProperties(true), build);

        Files.writeString(build.resolve("quarkus-artifact.properties"), "path=quarkus-app/quarkus-run.jar\ntype=jar\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> artifact.requireQuarkusBuilt(build));
        assertTrue(e.getMessage().contains("'jar' artifact"), e.getMessage());

        Files.writeString(build.resolve("quarkus-artifact.properties"), "path=" + FINAL_NAME + "-runner\ntype=native\n");
        artifact.requireQuarkusBuilt(build);
    }

    /** A new {@code @QuarkusIntegrationTest} class without the check would run unchecked and say nothing. */
    @Test
    void everyQuarkusIntegrationTestChecksItsArtifactFirst() throws Exception {
        Path testClasses = Path.of("target", "test-classes");
        List<Class<?>> integrationTests;
        try (Stream<Path> files = Files.walk(testClasses)) {
            integrationTests = files.filter(f -> f.getFileName().toString().endsWith("IT.class"))
                    .map(f -> className(testClasses, f)).map(PackagedArtifactTest::load)
                    .filter(c -> c.isAnnotationPresent(QuarkusIntegrationTest.class)).toList();
        }
        assertFalse(integrationTests.isEmpty(), "no @QuarkusIntegrationTest classes found under " + testClasses);
        for (Class<?> test : integrationTests) {
            List<Class<? extends Annotation>> order = Arrays.stream(test.getDeclaredAnnotations())
                    .<Class<? extends Annotation>>map(Annotation::annotationType).toList();
            ExtendWith extendWith = test.getAnnotation(ExtendWith.class);
            assertNotNull(extendWith, test + " lacks @ExtendWith(ArtifactUnderTest.class)");
            assertTrue(List.of(extendWith.value()).contains(ArtifactUnderTest.class),
                    test + " lacks @ExtendWith(ArtifactUnderTest.class)");
            assertTrue(order.indexOf(ExtendWith.class) < order.indexOf(QuarkusIntegrationTest.class),
                    test + ": @ExtendWith(ArtifactUnderTest.class) must come before @QuarkusIntegrationTest");
        }
    }

    /**
     * The system properties failsafe passes to the tests, as pom.xml configures them: the build's, plus the native
     * profile's when {@code nativeProfile}. Maven merges a profile's systemPropertyVariables into the build's.
     */
    private Properties failsafeProperties(boolean nativeProfile) throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        var xpath = XPathFactory.newInstance().newXPath();
        String failsafe = "/project/%sbuild/plugins/plugin[artifactId='maven-failsafe-plugin']"
                + "/configuration/systemPropertyVariables/*";
        Properties properties = new Properties();
        List<String> sources = nativeProfile ? List.of("", "profiles/profile[id='native']/") : List.of("");
        for (String source : sources) {
            NodeList variables = (NodeList) xpath.evaluate(failsafe.formatted(source), document, XPathConstants.NODESET);
            for (int i = 0; i < variables.getLength(); i++) {
                Node variable = variables.item(i);
                properties.setProperty(((Element) variable).getTagName(), variable.getTextContent().trim()
                        .replace("${project.build.directory}", build.toString())
                        .replace("${project.build.finalName}", FINAL_NAME));
            }
        }
        return properties;
    }

    private Path jar() throws IOException {
        Path jar = build.resolve("quarkus-app").resolve("quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        return Files.write(jar, new byte[] { 'P', 'K' });
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String className(Path root, Path classFile) {
        String relative = root.relativize(classFile).toString();
        return relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PackagedArtifactTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
