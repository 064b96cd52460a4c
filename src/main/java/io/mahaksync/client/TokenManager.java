package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.scrub.Scrubber;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * Holds the Mahak token and the rest of the Login answer ({@link LoginAnswer}): logs in when there is
 * none, renews it shortly before it expires (the JWT {@code exp} claim when the token is a JWT, else the configured lifetime), and
 * forgets it when Mahak answers 401. The login itself is the route {@code direct:mahak-login}
 * (routes/mahak-api.camel.yaml), for Java callers too ({@link #token()}), so that all share one token;
 * this class builds its request and reads its answer. One login runs at a time. The token and password
 * are never logged, nor put in an exchange property (a request names its login by a generation number).
 */
@Singleton
@Named("tokenManager")
public class TokenManager {

    private static final Logger LOG = Logger.getLogger(TokenManager.class);

    private final MahakSettings settings;
    private final MahakConnectionState state;
    private final ObjectMapper mapper;
    private final ProducerTemplate routes;
    private final Clock clock = Clock.systemUTC();
    /** One login at a time; the others wait for it and use its token (a permit, not a lock: routes may hop threads). */
    private final Semaphore loginPermit = new Semaphore(1);

    /** The last successful login; its token is dropped after a 401, the rest stays for health and admin. */
    private LoginAnswer login;
    private String token;
    private long generation;
    private Instant expiresAt = Instant.EPOCH;

    TokenManager(MahakSettings settings, MahakConnectionState state, ObjectMapper mapper, ProducerTemplate routes) {
        this.settings = settings;
        this.state = state;
        this.mapper = mapper;
        this.routes = routes;
    }

    /** A token that is valid for a while yet, logging in first (through direct:mahak-login) when needed. */
    public String token() {
        for (int attempt = 0; attempt < 3; attempt++) {
            Issued current = valid();
            if (current != null) {
                return current.token();
            }
            Exchange done = routes.send("direct:mahak-login", exchange -> { });
            MahakClient.rethrow(done);
            // a token whose whole life is shorter than the renew window is still the freshest there is: use it
            Issued fresh = usable();
            if (fresh != null) {
                return fresh.token();
            }
        }
        // logged in, and the token was rejected by another call each time before it could be used
        throw new MahakTransientException(settings.versioned("Login"), 0, null,
                "Each fresh Mahak token was rejected before it could be used", null);
    }

    /** The cached token when it is valid for a while yet, with its generation; null when a login is due. */
    synchronized Issued valid() {
        if (token == null || !clock.instant().isBefore(expiresAt.minus(settings.tokenRenewBefore()))) {
            return null;
        }
        return new Issued(token, generation);
    }

    /** The cached token while it has not expired, even inside the renew window; null when there is none. */
    synchronized Issued usable() {
        return token == null || !clock.instant().isBefore(expiresAt) ? null : new Issued(token, generation);
    }

    /** A token and which login gave it. */
    record Issued(String token, long generation) {
        @Override
        public String toString() {
            return "Issued[generation=" + generation + "]";
        }
    }

    /**
     * Whether this exchange is to log in now (the filter of direct:mahak-login): no valid token is cached and no
     * other login is under way (one that is, is waited for, and its token used). A true answer holds the login
     * permit until {@link #loginFinished}.
     */
    public boolean loginDue(Exchange exchange) throws InterruptedException {
        if (valid() != null) {
            return false;
        }
        loginPermit.acquire();
        if (valid() != null) {
            loginPermit.release();
            return false;
        }
        exchange.setProperty(MahakExchange.LOGIN_PERMIT, Boolean.TRUE);
        return true;
    }

    /** Ends this exchange's login, whatever its outcome: the next waiting caller may log in. */
    public void loginFinished(Exchange exchange) {
        if (exchange.removeProperty(MahakExchange.LOGIN_PERMIT) != null) {
            loginPermit.release();
        }
    }

    /** The last successful Login answer, without logging in (empty before the first one). */
    public synchronized Optional<LoginAnswer> lastLogin() {
        return Optional.ofNullable(login);
    }

    /** Drops the token after a 401 so that the next call logs in again (null: whatever token is cached). */
    public synchronized void invalidate(String rejected) {
        if (rejected == null || rejected.equals(token)) {
            token = null;
        }
    }

    /** Drops the token a request of this exchange carried, after Mahak answered it 401. */
    public synchronized void rejected(Exchange exchange) {
        Long used = exchange.getProperty(MahakExchange.TOKEN_GENERATION, Long.class);
        if (used == null || used == generation) {
            token = null;
        }
    }

    /** The Login request: user, password (its MD5 unless mahak.password-hash=plain), database. */
    public ObjectNode loginRequest() {
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
        return body;
    }

    /** Mahak answered 401 to Login itself: the credentials are refused at the HTTP level. */
    MahakConfigurationException loginUnauthorized(String endpoint) {
        return configurationError(endpoint, null, "Mahak answered 401 to the login itself");
    }

    /** Reads the Login answer (the body, parsed): keeps the token and what Login said, or fails with the reason. */
    public void loggedIn(JsonNode root) {
        String endpoint = settings.versioned("Login");
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
        Scrubber.registerToken(newToken);
        Instant now = clock.instant();
        Instant expiry = jwtExpiry(newToken).orElse(now.plus(settings.tokenLifetime()));
        synchronized (this) {
            token = newToken;
            generation++;
            expiresAt = expiry;
            login = LoginAnswer.read(root, envelope, expiry);
        }
        state.loginSucceeded(now);
        state.loginAnswered(envelope.data());
        LOG.infof("Logged in to Mahak as '%s' (database %d, %s); token valid until %s", settings.username(),
                settings.databaseId(), describeVisitor(), expiry);
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
