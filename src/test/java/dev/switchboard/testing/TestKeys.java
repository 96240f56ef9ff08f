package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Key pairs for test tokens, generated on first use and kept as PEM files under target/test-keys, so the test
 * profile (which hands the public key files to the server) and the tests (which sign with the private keys) see
 * the same keys even when Quarkus loads them in different class loaders.
 */
public final class TestKeys {

    public static final String HMAC_SECRET = "test-secret-that-is-at-least-32-bytes-long!";
    private static final Path DIR = Path.of("target", "test-keys");

    private TestKeys() {
    }

    public static Path rsaPublicKey() {
        ensure("rsa", "RSA", null);
        return DIR.resolve("rsa-public.pem").toAbsolutePath();
    }

    public static Path ecPublicKey() {
        ensure("ec", "EC", "secp256r1");
        return DIR.resolve("ec-public.pem").toAbsolutePath();
    }

    public static PrivateKey rsaPrivateKey() {
        ensure("rsa", "RSA", null);
        return read("rsa", "RSA");
    }

    public static PrivateKey ecPrivateKey() {
        ensure("ec", "EC", "secp256r1");
        return read("ec", "EC");
    }

    /** A fresh RSA key the server does not know, for "wrong key" tests. */
    public static PrivateKey strangerRsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void ensure(String name, String algorithm, String curve) {
        Path publicFile = DIR.resolve(name + "-public.pem");
        Path privateFile = DIR.resolve(name + "-private.pem");
        if (Files.exists(publicFile) && Files.exists(privateFile)) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(DIR);
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey read(String name, String algorithm) {
        try {
            String pem = Files.readString(DIR.resolve(name + "-private.pem"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
