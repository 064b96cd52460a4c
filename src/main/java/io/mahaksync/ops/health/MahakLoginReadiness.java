package io.mahaksync.ops.health;

import io.mahaksync.client.MahakConnectionState;
import io.mahaksync.client.MahakSettings;
import io.mahaksync.client.TokenManager;
import io.mahaksync.scrub.Scrubber;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the last Mahak login succeeded. A configuration problem (refused base URL, bad
 * credentials or database id) is named in the answer. Until a first login has happened the check
 * tries one itself, at most once per {@code mahak.health.login-attempt-interval}, so that an idle
 * instance is not reported unready forever nor hammers Mahak with logins. When up, it names the visitor
 * GetAllData is sent for.
 */
@Readiness
@ApplicationScoped
public class MahakLoginReadiness implements HealthCheck {

    private final MahakConnectionState state;
    private final MahakSettings settings;
    private final TokenManager tokens;
    private final Duration attemptInterval;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant lastAttempt = Instant.EPOCH;

    MahakLoginReadiness(MahakConnectionState state, MahakSettings settings, TokenManager tokens,
            @ConfigProperty(name = "mahak.health.login-attempt-interval", defaultValue = "PT1M") Duration attemptInterval) {
        this.state = state;
        this.settings = settings;
        this.tokens = tokens;
        this.attemptInterval = attemptInterval;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("mahak-login").withData("baseUrl",
                Scrubber.scrub(settings.baseUrl().toString())); // anonymous: no user:password@ of a URL
        Optional<String> refused = settings.insecureUrlProblem().or(state::configurationError);
        if (refused.isPresent()) {
            return r.down().withData("configurationError", refused.get()).build();
        }
        if (state.lastLoginSuccess().isEmpty()) {
            tryFirstLogin();
        }
        refused = state.configurationError();
        if (refused.isPresent()) {
            return r.down().withData("configurationError", refused.get()).build();
        }
        Optional<Instant> last = state.lastLoginSuccess();
        if (last.isPresent()) {
            r.up().withData("lastLoginSuccess", last.get().toString()).withData("visitor", tokens.describeVisitor());
            tokens.currentVisitorId().ifPresent(v -> r.withData("visitorId", v));
            return r.build();
        }
        return r.down().withData("error", state.lastError().orElse("no successful login yet")).build();
    }

    private void tryFirstLogin() {
        Instant now = clock.instant();
        if (now.isBefore(lastAttempt.plus(attemptInterval))) {
            return;
        }
        lastAttempt = now;
        try {
            tokens.token();
        } catch (RuntimeException e) {
            // the connection state now holds the reason; it is reported above
        }
    }
}
