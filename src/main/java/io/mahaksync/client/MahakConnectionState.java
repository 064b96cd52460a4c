package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.scrub.Scrubber;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Locale;
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
    private volatile JsonNode loginData;

    void loginSucceeded(Instant at) {
        lastLoginSuccess = at;
        configurationError = null;
        lastError = null;
    }

    /** The {@code Data} of the last successful Login, token left out: it names the Mahak database. */
    void loginAnswered(JsonNode data) {
        if (data != null && data.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            data.fields().forEachRemaining(f -> {
                if (!f.getKey().toLowerCase(Locale.ROOT).contains("token")) {
                    copy.set(f.getKey(), f.getValue());
                }
            });
            loginData = copy;
        }
    }

    /** What the last successful Login answered in {@code Data}, without the token; empty before the first. */
    public Optional<JsonNode> loginData() {
        return Optional.ofNullable(loginData);
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
