package io.mahaksync.ops.health;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.ops.OpsSnapshot;
import io.mahaksync.pull.PullSettings;
import io.mahaksync.pull.SyncState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN, naming the entities, when an entity's last successful pull is older than
 * {@code mahak.health.stale-after-intervals} times its pull interval. An entity never pulled yet
 * counts from this instance's start. Reads the cached {@link OpsSnapshot}.
 */
@Readiness
@ApplicationScoped
public class SyncStalenessReadiness implements HealthCheck {

    private final OpsSnapshot snapshot;
    private final PullSettings pull;
    private final int staleAfterIntervals;
    private final Clock clock;
    private final Instant startedAt;

    SyncStalenessReadiness(OpsSnapshot snapshot, PullSettings pull,
            @ConfigProperty(name = "mahak.health.stale-after-intervals", defaultValue = "3") int staleAfterIntervals) {
        this.snapshot = snapshot;
        this.pull = pull;
        this.staleAfterIntervals = staleAfterIntervals;
        this.clock = Clock.systemUTC();
        this.startedAt = clock.instant();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("mahak-sync-staleness");
        if (!pull.enabled() || staleAfterIntervals <= 0) {
            return r.up().withData("check", "off (pull disabled or mahak.health.stale-after-intervals=0)").build();
        }
        OpsSnapshot.Snapshot s = snapshot.get();
        Instant now = clock.instant();
        List<String> stale = new ArrayList<>();
        for (EntityDef entity : pull.entities()) {
            Duration limit = pull.interval(entity).multipliedBy(staleAfterIntervals);
            Instant lastSuccess = s.state(entity.name()).map(SyncState::lastSuccessAt).orElse(null);
            Instant since = lastSuccess == null ? startedAt : lastSuccess;
            if (Duration.between(since, now).compareTo(limit) > 0) {
                stale.add(entity.name());
                r.withData(entity.name(), (lastSuccess == null ? "never pulled" : "last success " + lastSuccess)
                        + ", older than " + staleAfterIntervals + " x " + pull.interval(entity));
            }
        }
        if (s.error() != null) {
            r.withData("stateReadError", s.error());
        }
        if (stale.isEmpty()) {
            return r.up().build();
        }
        return r.down().withData("staleEntities", String.join(",", stale)).build();
    }
}
