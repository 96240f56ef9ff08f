package dev.switchboard.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies connection and subscription tokens (JWTs) with SmallRye JWT. Each configured key gets its own
 * verification context that accepts only the algorithm that fits the key (HS256 for the shared secret, RS256 for
 * an RSA key, ES256 for an EC key), so {@code alg: none} and algorithm-confusion tokens never verify. The
 * contexts are used per call: no global HTTP authentication mechanism is involved, so other routes are
 * unaffected.
 */
@Singleton
public class TokenVerifier {

    /** Tokens longer than this are refused unparsed: a real token is a few hundred bytes. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JWTAuthContextInfo> contexts = new ArrayList<>();
    private final DefaultJWTParser parser = new DefaultJWTParser();

    public TokenVerifier(SecurityConfig config) {
        int skew = (int) config.auth().clockSkew().toSeconds();
        config.auth().hmacSecret().ifPresent(secret -> {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("switchboard.auth.hmac-secret must be at least 32 bytes for HS256");
            }
            JWTAuthContextInfo context = new JWTAuthContextInfo(new SecretKeySpec(bytes, "HmacSHA256"), null);
            context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
            contexts.add(withSkew(context, skew));
        });
        for (String location : config.auth().publicKeyLocations().orElse(List.of())) {
            PublicKey key = readPublicKey(location);
            JWTAuthContextInfo context = new JWTAuthContextInfo(key, null);
            context.setSignatureAlgorithm(Set.of(key instanceof ECPublicKey ? SignatureAlgorithm.ES256
                    : SignatureAlgorithm.RS256));
            contexts.add(withSkew(context, skew));
        }
    }

    private static JWTAuthContextInfo withSkew(JWTAuthContextInfo context, int skewSeconds) {
        context.setClockSkew(skewSeconds);
        context.setExpGracePeriodSecs(skewSeconds);
        // The protocol's tokens carry sub and exp; iat is optional. SmallRye requires iat unless the maximum
        // time to live is switched off (0), and exp alone bounds a token's life here.
        context.setMaxTimeToLiveSecs(0L);
        context.setTokenAge(null);
        return context;
    }

    /** Whether any key is configured; without one, every token is refused. */
    public boolean configured() {
        return !contexts.isEmpty();
    }

    /** Verifies a connection token and returns who it names. */
    public ClientIdentity connection(String token) throws InvalidTokenException {
        JsonWebToken jwt = verify(token);
        String user = requireSubject(jwt);
        // "subs": channels the server subscribes the connection to as it opens (and grants, like "channels").
        Set<String> subscriptions = strings("subs", jwt.getClaim("subs"));
        Set<String> granted = new LinkedHashSet<>(strings("channels", jwt.getClaim("channels")));
        granted.addAll(subscriptions);
        return new ClientIdentity(user, info(jwt.getClaim("info")), granted,
                Instant.ofEpochSecond(jwt.getExpirationTime()), subscriptions);
    }

    /** Verifies a subscription token: it must be valid, for this user and for exactly this channel. */
    public void subscription(String token, String user, String channel) throws InvalidTokenException {
        JsonWebToken jwt = verify(token);
        if (!requireSubject(jwt).equals(user)) {
            throw new InvalidTokenException("subscription token is for another user");
        }
        Object claimed = jwt.getClaim("channel");
        String tokenChannel = claimed instanceof JsonString s ? s.getString()
                : claimed instanceof String s ? s : null;
        if (!channel.equals(tokenChannel)) {
            throw new InvalidTokenException("subscription token is for another channel");
        }
    }

    private JsonWebToken verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("no token, or a token of an impossible size");
        }
        if (contexts.isEmpty()) {
            throw new InvalidTokenException("no verification key is configured (switchboard.auth.*)");
        }
        StringBuilder reason = new StringBuilder("invalid token");
        for (JWTAuthContextInfo context : contexts) {
            try {
                return parser.parse(token, context);
            } catch (ParseException | RuntimeException e) {
                reason.append("; ").append(rootMessage(e));
            }
        }
        throw new InvalidTokenException(reason.toString());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static String requireSubject(JsonWebToken jwt) throws InvalidTokenException {
        Object sub = jwt.getClaim("sub");
        String user = sub instanceof JsonString s ? s.getString() : sub instanceof String s ? s : null;
        if (user == null || user.isBlank()) {
            throw new InvalidTokenException("token has no 'sub' claim");
        }
        return user;
    }

    private static JsonNode info(Object claim) throws InvalidTokenException {
        if (claim == null || claim == JsonValue.NULL) {
            return null;
        }
        try {
            return JSON.readTree(claim instanceof JsonValue value ? value.toString() : JSON.writeValueAsString(claim));
        } catch (JsonProcessingException e) {
            throw new InvalidTokenException("'info' claim is not JSON");
        }
    }

    private static Set<String> strings(String name, Object claim) throws InvalidTokenException {
        Set<String> result = new LinkedHashSet<>();
        if (claim == null) {
            return result;
        }
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (!(value instanceof JsonString s)) {
                    throw new InvalidTokenException("'" + name + "' claim must be a list of strings");
                }
                result.add(s.getString());
            }
        } else if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                result.add(value instanceof JsonString s ? s.getString() : String.valueOf(value));
            }
        } else {
            throw new InvalidTokenException("'" + name + "' claim must be a list of strings");
        }
        return result;
    }

    /** Reads a public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, RSA or EC). */
    static PublicKey readPublicKey(String location) {
        String pem;
        try {
            pem = Files.readString(Path.of(location));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read public key " + location + ": " + e.getMessage(), e);
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalStateException(location + " holds no RSA or EC public key in PEM (BEGIN PUBLIC KEY)");
    }
}
