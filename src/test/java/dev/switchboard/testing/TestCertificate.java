package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost/127.0.0.1, made for the tests with the JDK's keytool and written as
 * PEM files (target/test-tls/server.crt, server.key), as a real deployment would have them. Tests trust exactly
 * this certificate.
 */
public final class TestCertificate {

    private static final Path DIR = Path.of("target", "test-tls").toAbsolutePath();
    private static final String PASSWORD = "changeit";

    private TestCertificate() {
    }

    public static Path certificate() {
        ensure();
        return DIR.resolve("server.crt");
    }

    public static Path privateKey() {
        ensure();
        return DIR.resolve("server.key");
    }

    /** An SSL context that trusts the test certificate (and nothing else). */
    public static SSLContext trustingContext() {
        ensure();
        try (InputStream in = Files.newInputStream(DIR.resolve("server.p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", store.getCertificate("server"));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void ensure() {
        if (Files.exists(DIR.resolve("server.key")) && Files.exists(DIR.resolve("server.crt"))) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            Path p12 = DIR.resolve("server.p12");
            Files.deleteIfExists(p12);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-keypass", PASSWORD).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                store.load(in, PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey("server", PASSWORD.toCharArray());
            Certificate certificate = store.getCertificate("server");
            Files.writeString(DIR.resolve("server.crt"), TestKeys.pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(DIR.resolve("server.key"), TestKeys.pem("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
