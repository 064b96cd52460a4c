package io.mahaksync.ops.health;

import io.mahaksync.pull.SourceGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the pull of an entity is stopped because its cursors belong to another Mahak database (Login
 * names another one, or its row versions went backwards): {@code data.stoppedEntities} names them, each
 * entity's reason and the admin action that re-syncs it follow. Read at most once per {@code mahak.ops.cache-ttl}.
 */
@Readiness
@ApplicationScoped
public class SourceResetReadiness implements HealthCheck {

    private final SourceGuard guard;
    private final Duration ttl;
    private volatile Instant readAt = Instant.EPOCH;
    private volatile Map<String, String> stopped = Map.of();
    private volatile String readError;

    SourceResetReadiness(SourceGuard guard,
            @ConfigProperty(name = "mahak.ops.cache-ttl", defaultValue = "PT10S") Duration ttl) {
        this.guard = guard;
        this.ttl = ttl;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("mahak-source");
        refresh();
        r.withData("onSourceReset", guard.policy().name().toLowerCase());
        if (readError != null) {
            r.withData("stateReadError", readError);
        }
        if (stopped.isEmpty()) {
            return r.up().build();
        }
        stopped.forEach(r::withData);
        return r.down().withData("stoppedEntities", String.join(",", stopped.keySet())).build();
    }

    private synchronized void refresh() {
        Instant now = Instant.now();
        if (now.isBefore(readAt.plus(ttl))) {
            return;
        }
        readAt = now;
        try {
            stopped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(guard.stoppedEntities()));
            readError = null;
        } catch (RuntimeException e) {
            readError = String.valueOf(e.getMessage());
        }
    }

    /** Reads again at the next probe (after an admin re-sync). */
    public void invalidate() {
        readAt = Instant.EPOCH;
    }
}
