package dev.switchboard.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For {@code @QuarkusIntegrationTest} classes, declared before that annotation so that it runs before Quarkus
 * launches anything: fails the class when the artifact Quarkus would launch is not the one this run asks for
 * ({@link PackagedArtifact}: the native executable under {@code -Dnative}, which must exist, else the jar), and
 * prints which one it is. Quarkus itself takes the native executable from the same {@code native.image.path}.
 */
public final class ArtifactUnderTest implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        PackagedArtifact artifact = PackagedArtifact.current();
        artifact.requireQuarkusBuilt(PackagedArtifact.BUILD_DIRECTORY);
        System.out.println("[" + context.getRequiredTestClass().getSimpleName()
                + "] @QuarkusIntegrationTest against the " + artifact.describe());
    }
}
