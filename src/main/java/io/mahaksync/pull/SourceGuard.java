package io.mahaksync.pull;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakConnectionState;
import io.mahaksync.client.TokenManager;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import io.mahaksync.targetdb.TargetUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps cursors with the Mahak database they came from. Each entity's row in {@code mahak_sync_source}
 * records the identity Login answered when its cursor was built ({@code DatabaseId}, {@code SyncId},
 * {@code MahakId} by default). When Login names another database, or the verify pass finds row versions
 * that went backwards, the entity's cursor no longer means anything: by {@code mahak.pull.on-source-reset}
 * its pull stops with the reason (health, log, admin) until an operator re-syncs it, or it is re-synced at
 * once. An entity whose cursor is 0 has nothing to lose and simply takes the current identity.
 */
@Singleton
@Named("sourceGuard")
public class SourceGuard {

    private static final Logger LOG = Logger.getLogger(SourceGuard.class);
    private static final int TEXT_MAX = 2000;

    /** What a detected source reset leads to. */
    public enum Policy {
        /** The entity's pull stops, with the reason in health, until {@code POST /admin/entities/{e}/resync}. */
        STOP,
        /** The entity is re-read from version 0 and repaired at once, then pulled as usual. */
        RESYNC;

        static Policy parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "stop" -> STOP;
                case "resync" -> RESYNC;
                default -> throw new IllegalArgumentException("mahak.pull.on-source-reset must be stop or resync, got '"
                        + value + "'");
            };
        }
    }

    /** Which entities a cycle may pull now, which must be re-synced first, and which are stopped (with why). */
    public record Admission(List<String> admitted, List<String> toResync, Map<String, String> stopped) {
    }

    /** One entity's row of {@code mahak_sync_source}. */
    public record Source(String entity, String identity, String stoppedReason, Instant stoppedAt) {
    }

    private final TargetDatabase db;
    private final MahakConnectionState connection;
    private final TokenManager tokens;
    private final MeterRegistry meters;
    private final List<String> identityFields;
    private final Duration checkInterval;
    private volatile Policy policy;
    private volatile boolean reportedNoIdentity;

    SourceGuard(TargetDatabase db, MahakConnectionState connection, TokenManager tokens, MeterRegistry meters,
            @ConfigProperty(name = "mahak.pull.on-source-reset", defaultValue = "stop") String policy,
            @ConfigProperty(name = "mahak.pull.source-identity", defaultValue = "DatabaseId,SyncId,MahakId")
            List<String> identityFields,
            @ConfigProperty(name = "mahak.pull.source-check-interval", defaultValue = "PT5M") Duration checkInterval) {
        this.db = db;
        this.connection = connection;
        this.tokens = tokens;
        this.meters = meters;
        this.policy = Policy.parse(policy);
        this.identityFields = identityFields.stream().map(String::trim)
                .filter(f -> !f.isEmpty() && !f.equalsIgnoreCase("none")).toList();
        this.checkInterval = checkInterval;
    }

    public Policy policy() {
        return policy;
    }

    /** Changes {@code mahak.pull.on-source-reset} until restart. */
    public void policy(Policy policy) {
        this.policy = policy;
    }

    /**
     * The identity of the Mahak database as the last Login answered it, e.g.
     * {@code DatabaseId=1, SyncId=7, MahakId=SIM-1}; empty when Login named none of the fields. Logs in
     * again first when the last Login is older than {@code mahak.pull.source-check-interval}, so that a
     * database replaced behind a still valid token is noticed within that time.
     */
    public Optional<String> currentIdentity() {
        if (identityFields.isEmpty()) {
            return Optional.empty(); // mahak.pull.source-identity=none: only the verify pass can tell
        }
        Instant last = connection.lastLoginSuccess().orElse(null);
        if (last == null || connection.loginData().isEmpty()
                || Instant.now().isAfter(last.plus(checkInterval))) {
            tokens.invalidate(null);
            tokens.token();
        }
        return describe(connection.loginData().orElse(null));
    }

    /** The identity fields of a Login answer's {@code Data}, in the configured order. */
    Optional<String> describe(JsonNode loginData) {
        List<String> parts = new ArrayList<>();
        for (String field : identityFields) {
            JsonNode v = Envelope.firstOf(loginData, field);
            if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                parts.add(field + "=" + v.asText());
            }
        }
        if (parts.isEmpty() && !identityFields.isEmpty() && loginData != null && !reportedNoIdentity) {
            reportedNoIdentity = true;
            LOG.warnf("Mahak's Login answer names none of %s: a replaced Mahak database can only be noticed by the "
                    + "verify pass (POST /admin/entities/{entity}/verify, mahak.verify.interval)", identityFields);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
    }

    /**
     * Sorts the entities of a cycle: stopped ones stay out; one whose cursor belongs to another database
     * is stopped or handed back for a re-sync; the others (and every entity at cursor 0, which takes the
     * current identity) are admitted. When Mahak cannot be reached to tell, every entity not stopped is
     * admitted: the page that follows fails with the reason, as it would have anyway (and is retried). A
     * login refused for our settings fails the cycle at once, without a second attempt.
     */
    public Admission admit(Collection<String> entities, Map<String, Long> cursors) {
        Optional<String> identity = loggedIn(false);
        if (identity.isPresent() && takesIdentity(entities, cursors, identity.get())) {
            // An entity starting from 0 takes the identity for good: take it from a Login made now, not
            // from one made before the database behind a still valid token was replaced.
            identity = loggedIn(true);
        }
        return sort(entities, cursors, identity);
    }

    private Optional<String> loggedIn(boolean fresh) {
        try {
            if (fresh) {
                tokens.invalidate(null);
                tokens.token();
            }
            return currentIdentity();
        } catch (io.mahaksync.client.MahakConfigurationException refused) {
            throw refused; // our settings (credentials, certificate) are wrong: the cycle fails now, once
        } catch (RuntimeException loginFailed) {
            return Optional.empty();
        }
    }

    private boolean takesIdentity(Collection<String> entities, Map<String, Long> cursors, String identity) {
        Map<String, Source> sources = sources();
        return entities.stream().anyMatch(e -> cursors.getOrDefault(e, 0L) == 0
                && (sources.get(e) == null || !identity.equals(sources.get(e).identity())));
    }

    /**
     * The same sorting with the identity of the Login made meanwhile (a 401 during the cycle logs in
     * again), without logging in: called when a cycle ends, so that a database replaced behind a valid
     * token is noticed by the cycle that first met it.
     */
    public Admission recheck(Collection<String> entities, Map<String, Long> cursors) {
        return sort(entities, cursors, describe(connection.loginData().orElse(null)));
    }

    private Admission sort(Collection<String> entities, Map<String, Long> cursors, Optional<String> identity) {
        Map<String, Source> sources = sources();
        List<String> admitted = new ArrayList<>();
        List<String> toResync = new ArrayList<>();
        Map<String, String> stopped = new LinkedHashMap<>();
        for (String entity : entities) {
            Source source = sources.get(entity);
            if (source != null && source.stoppedReason() != null) {
                stopped.put(entity, source.stoppedReason());
                continue;
            }
            long cursor = cursors.getOrDefault(entity, 0L);
            String stored = source == null ? null : source.identity();
            if (identity.isEmpty() || identity.get().equals(stored)) {
                admitted.add(entity);
            } else if (stored == null || cursor == 0) {
                remember(entity, identity.get());
                admitted.add(entity);
            } else {
                String reason = "Mahak's database changed: the cursor of " + entity + " (row version " + cursor
                        + ") belongs to " + stored + ", but Mahak's Login now answers " + identity.get();
                meters.counter("mahak.source.resets", "entity", entity, "cause", "identity").increment();
                if (policy == Policy.RESYNC) {
                    LOG.warnf("%s; re-syncing %s from version 0 (mahak.pull.on-source-reset=resync)", reason, entity);
                    toResync.add(entity);
                } else {
                    stopped.put(entity, stop(entity, reason));
                }
            }
        }
        return new Admission(admitted, toResync, stopped);
    }

    /**
     * Stops an entity's pull with the reason (kept until a re-sync) and logs it; answers the text stored,
     * which names the admin action that re-syncs it.
     */
    public String stop(String entity, String reason) {
        String text = reason + ". Pulling " + entity + " is stopped so that no change is missed silently: "
                + "POST /admin/entities/" + entity + "/resync re-reads it from version 0 and repairs the mirror "
                + "(or set mahak.pull.on-source-reset=resync)";
        if (text.length() > TEXT_MAX) {
            text = text.substring(0, TEXT_MAX);
        }
        LOG.error(text);
        write(entity, null, text, true);
        return text;
    }

    /** After a re-sync: the entity's cursor belongs to this identity (empty: as Login names none) and it runs again. */
    public void resume(String entity, Optional<String> identity) {
        write(entity, identity.orElse(null), null, false);
    }

    /** Records the identity an entity's cursor is built against. */
    void remember(String entity, String identity) {
        write(entity, identity, null, false);
    }

    /** Entity to reason, for every entity whose pull is stopped. */
    public Map<String, String> stoppedEntities() {
        Map<String, String> out = new LinkedHashMap<>();
        sources().values().stream().filter(s -> s.stoppedReason() != null)
                .forEach(s -> out.put(s.entity(), s.stoppedReason()));
        return out;
    }

    /** Every entity's row of {@code mahak_sync_source}, by entity. */
    public Map<String, Source> sources() {
        SqlDialect d = db.dialect();
        Map<String, Source> out = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + d.quote("entity") + ", " + d.quote("source_identity") + ", " + d.quote("stopped_reason") + ", "
                + d.quote("stopped_at") + " FROM " + d.quote("mahak_sync_source") + " ORDER BY " + d.quote("entity"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(4);
                out.put(rs.getString(1), new Source(rs.getString(1), rs.getString(2), rs.getString(3),
                        at == null ? null : at.toInstant()));
            }
        } catch (SQLException e) {
            throw wrap("read mahak_sync_source", e);
        }
        return out;
    }

    /** Sets the row: with {@code stopping}, only the reason changes; otherwise identity set and reason cleared. */
    private void write(String entity, String identity, String stoppedReason, boolean stopping) {
        SqlDialect d = db.dialect();
        Timestamp now = Timestamp.from(Instant.now());
        String set = stopping
                ? d.quote("stopped_reason") + " = ?, " + d.quote("stopped_at") + " = ?, " + d.quote("updated_at") + " = ?"
                : d.quote("source_identity") + " = ?, " + d.quote("stopped_reason") + " = NULL, "
                        + d.quote("stopped_at") + " = NULL, " + d.quote("updated_at") + " = ?";
        try (Connection c = db.dataSource().getConnection()) {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_sync_source") + " SET " + set
                    + " WHERE " + d.quote("entity") + " = ?")) {
                int i = 1;
                if (stopping) {
                    ps.setString(i++, stoppedReason);
                    ps.setTimestamp(i++, now);
                } else {
                    ps.setString(i++, identity);
                }
                ps.setTimestamp(i++, now);
                ps.setString(i, entity);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("mahak_sync_source") + " ("
                        + d.quote("entity") + ", " + d.quote("source_identity") + ", " + d.quote("stopped_reason")
                        + ", " + d.quote("stopped_at") + ", " + d.quote("updated_at") + ") VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, entity);
                    ps.setString(2, identity);
                    ps.setString(3, stoppedReason);
                    ps.setTimestamp(4, stopping ? now : null);
                    ps.setTimestamp(5, now);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw wrap("write mahak_sync_source for " + entity, e);
        }
    }

    private static RuntimeException wrap(String what, SQLException e) {
        if (TargetUnavailableException.isConnectionProblem(e)) {
            return new TargetUnavailableException("Cannot " + what + ": the target database is unavailable: "
                    + e.getMessage(), e);
        }
        return new IllegalStateException("Cannot " + what + ": " + e.getMessage(), e);
    }
}
