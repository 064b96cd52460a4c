package io.mahaksync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.fault.FaultSettings;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the simulator's tokens: JWT-shaped (header.payload.signature, base64url, HS256 with a
 * key that lives only in this process) so a client can read {@code exp}, as it could from a real JWT.
 */
@Singleton
public class TokenService {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = B64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final FaultSettings settings;
    private final byte[] key = new byte[32];
    /** Tokens issued before this instant are refused: lets an admin call expire every token at once. */
    private volatile Instant notBefore = Instant.EPOCH;

    public TokenService(FaultSettings settings) {
        this.settings = settings;
        new SecureRandom().nextBytes(key);
    }

    /** A token for the user and its visitor, valid for the current token lifetime; returns it with its expiry. */
    public Issued issue(String userName, int databaseId, int visitorId) {
        Instant now = Instant.now();
        Instant expires = now.plus(settings.tokenLifetime());
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        claims.put("sub", userName);
        claims.put("databaseId", databaseId);
        claims.put("visitorId", visitorId);
        claims.put("iat", now.getEpochSecond());
        claims.put("iatMs", now.toEpochMilli());
        claims.put("exp", expires.getEpochSecond());
        claims.put("expMs", expires.toEpochMilli());
        claims.put("jti", UUID.randomUUID().toString());
        String body = HEADER + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return new Issued(body + "." + sign(body), expires);
    }

    /** Whether an {@code Authorization} header carries a token this process issued and that has not expired. */
    public boolean valid(String authorizationHeader) {
        return claims(authorizationHeader) != null;
    }

    /** The visitor the token was issued for (the Login's VisitorId), when the token is valid. */
    public Optional<Integer> visitorOf(String authorizationHeader) {
        JsonNode claims = claims(authorizationHeader);
        return claims != null && claims.path("visitorId").canConvertToInt()
                ? Optional.of(claims.path("visitorId").asInt())
                : Optional.empty();
    }

    /** The claims of a valid token, else null. */
    private JsonNode claims(String authorizationHeader) {
        if (authorizationHeader == null) {
            return null;
        }
        String token = authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorizationHeader.substring(7).trim()
                : authorizationHeader.trim();
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        byte[] expected = sign(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(B64_DECODER.decode(parts[1]));
            long now = System.currentTimeMillis();
            return claims.path("expMs").asLong() > now && claims.path("iatMs").asLong() >= notBefore.toEpochMilli()
                    ? claims : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Makes every token issued so far invalid (the next call with one gets 401). */
    public void expireAll() {
        notBefore = Instant.now().plusMillis(1);
    }

    private String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A token and the instant it expires. */
    public record Issued(String token, Instant expires) {
    }

    /** Lowercase hex MD5, the form in which Mahak clients send passwords. */
    public static String md5Hex(String text) {
        return md5Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String md5Hex(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(bytes);
            StringBuilder hex = new StringBuilder(32);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
