package io.mahaksync.client;

import io.mahaksync.scrub.Scrubber;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/**
 * What the service knows about its link to Mahak: the last login that worked and the configuration
 * problem that stops it, if any. Health checks read it; the token manager writes it.
 */
@Singleton
public class MahakConnectionState {

    private volatile Instant lastLoginSuccess;
    private volatile String configurationError;
    private volatile String lastError;

    void loginSucceeded(Instant at) {
        lastLoginSuccess = at;
        configurationError = null;
        lastError = null;
    }

    // Health answers are anonymous: what they show is scrubbed once more here.
    void configurationFailed(String reason) {
        configurationError = Scrubber.scrub(reason);
    }

    void callFailed(String reason) {
        lastError = Scrubber.scrub(reason);
    }

    public Optional<Instant> lastLoginSuccess() {
        return Optional.ofNullable(lastLoginSuccess);
    }

    /** A configuration problem that retrying cannot cure (1001, 1002, a refused base URL). */
    public Optional<String> configurationError() {
        return Optional.ofNullable(configurationError);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
