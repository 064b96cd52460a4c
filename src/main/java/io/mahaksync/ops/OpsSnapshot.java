package io.mahaksync.ops;

import io.mahaksync.pull.CursorStore;
import io.mahaksync.pull.SyncState;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sync state and the dead letters waiting, read at most once per {@code mahak.ops.cache-ttl}:
 * metric scrapes and health probes share this copy, so they never hammer the target database.
 * When a refresh fails the last good copy stays, with the failure noted.
 */
@Singleton
public class OpsSnapshot {

    /** What the database said at {@code readAt}. */
    public record Snapshot(Instant readAt, List<SyncState> states, Map<String, Long> deadLettersWaitingByFlow,
            String error) {
        public Optional<SyncState> state(String entity) {
            return states.stream().filter(s -> s.entity().equals(entity)).findFirst();
        }
    }

    private final CursorStore cursors;
    private final TargetDatabase db;
    private final Duration ttl;
    private final Clock clock;
    private volatile Snapshot current = new Snapshot(Instant.EPOCH, List.of(), Map.of(), "not read yet");

    OpsSnapshot(CursorStore cursors, TargetDatabase db,
            @ConfigProperty(name = "mahak.ops.cache-ttl", defaultValue = "PT10S") Duration ttl) {
        this.cursors = cursors;
        this.db = db;
        this.ttl = ttl;
        this.clock = Clock.systemUTC();
    }

    /** The copy, refreshed first when it is older than the cache TTL. */
    public Snapshot get() {
        Snapshot s = current;
        if (clock.instant().isBefore(s.readAt().plus(ttl))) {
            return s;
        }
        synchronized (this) {
            s = current;
            if (clock.instant().isBefore(s.readAt().plus(ttl))) {
                return s;
            }
            Instant now = clock.instant();
            try {
                current = new Snapshot(now, List.copyOf(cursors.states()), deadLettersWaiting(), null);
            } catch (RuntimeException e) {
                // Keep the last values for the gauges, but do not ask again before the TTL passes.
                current = new Snapshot(now, s.states(), s.deadLettersWaitingByFlow(),
                        String.valueOf(Scrubber.scrub(e.getMessage())));
            }
            return current;
        }
    }

    /** Forgets the copy so that the next read goes to the database (after an admin action). */
    public void invalidate() {
        Snapshot s = current;
        current = new Snapshot(Instant.EPOCH, s.states(), s.deadLettersWaitingByFlow(), s.error());
    }

    private Map<String, Long> deadLettersWaiting() {
        SqlDialect d = db.dialect();
        Map<String, Long> byFlow = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + d.quote("flow") + ", COUNT(*) FROM "
                        + d.quote("mahak_dead_letter") + " WHERE " + d.quote("status") + " = '"
                        + DeadLetterStore.WAITING + "' GROUP BY " + d.quote("flow"))) {
            while (rs.next()) {
                byFlow.put(rs.getString(1), rs.getLong(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot count dead letters: " + DatabaseReason.of(e), e);
        }
        return byFlow;
    }
}
