package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.scrub.Scrubber;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds the Mahak token and the rest of the Login answer ({@link LoginAnswer}): logs in when there is
 * none, renews it shortly before it expires (the JWT {@code exp} claim when the token is a JWT, else the configured lifetime), and
 * forgets it when Mahak answers 401. The token and password are never logged.
 */
@Singleton
public class TokenManager {

    private static final Logger LOG = Logger.getLogger(TokenManager.class);

    private final MahakSettings settings;
    private final MahakHttp http;
    private final MahakConnectionState state;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    /** The last successful login; its token is dropped after a 401, the rest stays for health and admin. */
    private LoginAnswer login;
    private String token;
    private Instant expiresAt = Instant.EPOCH;

    TokenManager(MahakSettings settings, MahakHttp http, MahakConnectionState state, ObjectMapper mapper) {
        this.settings = settings;
        this.http = http;
        this.state = state;
        this.mapper = mapper;
    }

    /** A token that is valid for a while yet, logging in first when needed. */
    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(expiresAt.minus(settings.tokenRenewBefore()))) {
            login();
        }
        return token;
    }

    /** The last successful Login answer, without logging in (empty before the first one). */
    public synchronized Optional<LoginAnswer> lastLogin() {
        return Optional.ofNullable(login);
    }

    /** Drops the token after a 401 so that the next call logs in again. */
    public synchronized void invalidate(String rejected) {
        if (rejected == null || rejected.equals(token)) {
            token = null;
        }
    }

    private void login() {
        String endpoint = settings.versioned("Login");
        settings.insecureUrlProblem().ifPresent(problem -> {
            state.configurationFailed(problem);
            throw new MahakConfigurationException(endpoint, null, problem);
        });
        ObjectNode body = mapper.createObjectNode();
        body.put("userName", settings.username());
        body.put("password", settings.hashPassword() ? md5Hex(settings.password()) : settings.password());
        body.put("databaseId", settings.databaseId());
        if (settings.packageNo() != null) {
            body.put("packageNo", settings.packageNo());
        }
        body.put("language", "fa");
        body.put("appId", "mahak-camel-sync");
        JsonNode root;
        try {
            root = http.postJson(endpoint, settings.syncEndpoint("Login"), body, null);
        } catch (MahakUnauthorizedException e) {
            throw configurationError(endpoint, null, "Mahak answered 401 to the login itself");
        }
        Envelope envelope = Envelope.of(root);
        String newToken = LoginAnswer.tokenOf(root, envelope);
        if (!envelope.result() && newToken == null) {
            Integer code = envelope.code();
            JsonNode dataCode = Envelope.firstOf(envelope.data(), "errorCode");
            if ((code == null || code == 0) && dataCode.isNumber() && dataCode.asInt() != 0) {
                code = dataCode.asInt();
            }
            if (code != null && (code == 1001 || code == 1002)) {
                throw configurationError(endpoint, code, (code == 1001
                        ? "Mahak refused the database id / package number (1001): check mahak.database-id and mahak.package-no. "
                        : passwordRefused())
                        + envelope.describeFailure());
            }
            throw new MahakPermanentException(endpoint, code, "Login failed: " + envelope.describeFailure(), null);
        }
        if (newToken == null || newToken.isBlank()) {
            throw new MahakPermanentException(endpoint, envelope.code(), "Login answered without a UserToken", null);
        }
        token = newToken;
        Scrubber.registerToken(newToken);
        Instant now = clock.instant();
        expiresAt = jwtExpiry(newToken).orElse(now.plus(settings.tokenLifetime()));
        login = LoginAnswer.read(root, envelope, expiresAt);
        state.loginSucceeded(now);
        state.loginAnswered(envelope.data());
        LOG.infof("Logged in to Mahak as '%s' (database %d, %s); token valid until %s", settings.username(),
                settings.databaseId(), describeVisitor(), expiresAt);
    }

    /**
     * The {@code currentVisitorId} GetAllData carries: {@code mahak.visitor-id} when it names one, nothing
     * when it is {@code none}, else the VisitorId of the last Login.
     */
    public synchronized Optional<Long> currentVisitorId() {
        return switch (settings.visitorSource()) {
            case SETTING -> settings.configuredVisitorId();
            case NONE -> Optional.empty();
            case LOGIN -> login == null ? Optional.empty() : login.visitor();
        };
    }

    /** The visitor in use and where it comes from, in words, for the log, health and the admin API. */
    public synchronized String describeVisitor() {
        Optional<Long> visitor = currentVisitorId();
        return switch (settings.visitorSource()) {
            case SETTING -> "visitor " + visitor.orElseThrow() + " from mahak.visitor-id"
                    + (login != null && login.visitor().isPresent() && !login.visitor().equals(visitor)
                            ? " (Login said " + login.visitorId() + ")" : "");
            case NONE -> "no currentVisitorId sent (mahak.visitor-id=none)";
            case LOGIN -> login == null ? "visitor from Login, not logged in yet"
                    : visitor.map(v -> "visitor " + v + " from Login")
                            .orElse("Login named no visitor, so no currentVisitorId is sent");
        };
    }

    private String passwordRefused() {
        return "Mahak refused the user name or password (1002): check mahak.username and mahak.password. "
                + (settings.hashPassword()
                        ? "The password was sent as its MD5 hex (mahak.password-hash=md5); if it is right, try "
                                + "mahak.password-hash=plain, which sends it as typed (Mahak clients differ). "
                        : "The password was sent as typed (mahak.password-hash=plain); if it is right, try "
                                + "mahak.password-hash=md5, which sends its MD5 hex as most Mahak clients do. ");
    }

    private MahakConfigurationException configurationError(String endpoint, Integer code, String message) {
        state.configurationFailed(message);
        return new MahakConfigurationException(endpoint, code, message);
    }

    /** The {@code exp} claim of a JWT, when the token is one. */
    java.util.Optional<Instant> jwtExpiry(String candidate) {
        String[] parts = candidate.split("\\.");
        if (parts.length != 3) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode claims = mapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.get("exp");
            return exp != null && exp.canConvertToLong()
                    ? java.util.Optional.of(Instant.ofEpochSecond(exp.asLong()))
                    : java.util.Optional.empty();
        } catch (Exception notAJwt) {
            return java.util.Optional.empty();
        }
    }

    static String md5Hex(String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
