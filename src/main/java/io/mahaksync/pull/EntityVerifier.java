package io.mahaksync.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldType;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakClient;
import io.mahaksync.client.MahakPermanentException;
import io.mahaksync.client.MahakTransientException;
import io.mahaksync.ops.leader.LeaderElection;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.EntityTables;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import io.mahaksync.targetdb.TargetUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Re-reads one entity from version 0, page by page at a low rate, and compares every record Mahak sends
 * with the mirror by server id: a row the mirror lacks is <em>missing</em>, one whose row version or
 * deleted flag differs is <em>stale</em>, and a mirror row Mahak no longer has is <em>extra</em>. Each is
 * repaired (missing and stale rows written as Mahak sends them, extra rows marked deleted, or removed in
 * hard delete mode) and the pass is recorded in {@code mahak_verify_run}.
 * <p>
 * A record below the cursor that the mirror lacks, or one whose stored row version is higher than what
 * Mahak sends now, means Mahak's row versions went backwards (a restored or rebuilt database): the cursor
 * may then skip changes, so the source-reset rule of {@link SourceGuard} applies. A <em>re-sync</em> is
 * the same pass writing every record, for a database whose row versions mean nothing to the mirror; it
 * leaves the cursor at the newest version Mahak sent and takes Login's current identity.
 * <p>
 * Mirror rows newer than the newest stored when the pass began were written by a pull meanwhile and are
 * left alone; a stale row is only replaced if it still has the row version the pass saw.
 */
@Singleton
@Named("entityVerifier")
public class EntityVerifier {

    private static final Logger LOG = Logger.getLogger(EntityVerifier.class);
    private static final int EXAMPLES = 10;
    private static final int IN_CHUNK = 200;
    private static final int TEXT_MAX = 2000;

    /** A check that repairs only what differs, or a re-sync that writes everything. */
    public enum Kind {
        VERIFY, RESYNC;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One pass as recorded in {@code mahak_verify_run}. */
    public record Report(long id, String entity, String kind, String state, Instant startedAt, Instant finishedAt,
            long checked, long missing, long extra, long stale, long backwards, long repaired, long cursorBefore,
            long cursorAfter, String examples, String error) {
    }

    private final MahakClient client;
    private final TargetDatabase db;
    private final CursorStore cursors;
    private final DeadLetterStore deadLetters;
    private final EntityCatalog catalog;
    private final PullSettings pull;
    private final SourceGuard guard;
    private final MeterRegistry meters;
    private final ObjectMapper mapper;
    private final LeaderElection leader;
    private final CamelContext camel;
    private final Optional<Duration> interval;
    private final String entitiesSetting;
    private final int pageSize;
    private final Duration pagePause;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastProbe = new ConcurrentHashMap<>();
    private volatile Duration probeInterval;

    EntityVerifier(MahakClient client, TargetDatabase db, CursorStore cursors, DeadLetterStore deadLetters,
            EntityCatalog catalog, PullSettings pull, SourceGuard guard, MeterRegistry meters, ObjectMapper mapper,
            LeaderElection leader, CamelContext camel,
            @ConfigProperty(name = "mahak.verify.interval", defaultValue = "off") String interval,
            @ConfigProperty(name = "mahak.verify.entities", defaultValue = "pulled") String entities,
            @ConfigProperty(name = "mahak.verify.page-size", defaultValue = "500") int pageSize,
            @ConfigProperty(name = "mahak.verify.page-pause", defaultValue = "PT1S") Duration pagePause,
            @ConfigProperty(name = "mahak.pull.source-check-interval", defaultValue = "PT5M") Duration probeInterval) {
        this.probeInterval = probeInterval;
        this.client = client;
        this.db = db;
        this.cursors = cursors;
        this.deadLetters = deadLetters;
        this.catalog = catalog;
        this.pull = pull;
        this.guard = guard;
        this.meters = meters;
        this.mapper = mapper;
        this.leader = leader;
        this.camel = camel;
        this.interval = parseInterval(interval);
        this.entitiesSetting = entities;
        this.pageSize = Math.max(1, pageSize);
        this.pagePause = pagePause;
        scheduledEntities(); // unknown names fail the start, as mahak.pull.entities does
    }

    static Optional<Duration> parseInterval(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(v);
            return d.isZero() || d.isNegative() ? Optional.empty() : Optional.of(d);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("mahak.verify.interval must be off or an ISO-8601 duration such as "
                    + "P1D, got '" + value + "'");
        }
    }

    /** The entities the schedule verifies: {@code mahak.verify.entities}, or the pulled ones ({@code pulled}). */
    public List<String> scheduledEntities() {
        if (entitiesSetting.trim().equalsIgnoreCase("pulled")) {
            return pull.entities().stream().map(EntityDef::name).toList();
        }
        List<String> out = new ArrayList<>();
        for (String n : entitiesSetting.split(",")) {
            if (!n.isBlank()) {
                out.add(catalog.get(n.trim()).name());
            }
        }
        return out;
    }

    /**
     * The schedule's step (route {@code verify-timer}): verifies each scheduled entity whose last pass is
     * older than {@code mahak.verify.interval}, one after the other. Stopped entities wait for their re-sync.
     */
    public void verifyDue() {
        if (interval.isEmpty() || !pull.enabled() || !leader.isLeader(camel, LeaderElection.NAMESPACE)) {
            return;
        }
        Map<String, String> stopped = guard.stoppedEntities();
        for (String entity : scheduledEntities()) {
            if (stopped.containsKey(entity) || running.contains(entity)) {
                continue;
            }
            Instant last = lastStarted(entity);
            if (last != null && Instant.now().isBefore(last.plus(interval.get()))) {
                continue;
            }
            try {
                verify(entity);
            } catch (RuntimeException e) {
                LOG.warnf("Scheduled verify of %s failed: %s", entity, e.getMessage());
            }
        }
    }

    public boolean scheduled() {
        return interval.isPresent();
    }

    /** Changes how often the backwards probe runs per entity, until restart (tests, operators in a hurry). */
    public void probeInterval(Duration interval) {
        this.probeInterval = interval;
        lastProbe.clear();
    }

    /**
     * The cheap check every cycle makes at most once per {@code mahak.pull.source-check-interval} per entity:
     * one GetAllData from version 0 with {@code pageSize=1} for every entity with a cursor, and the records
     * it brings compared with the mirror. A stored row version higher than what Mahak sends now, or a live
     * record below the cursor that the mirror lacks (a new record with row version 1, every version shifted
     * down), means Mahak's row versions went backwards; the source-reset rule applies: the entity is stopped
     * (answered, so the cycle leaves it out) or re-synced now. When Mahak cannot be asked, nothing is
     * concluded: the cycle's own pages fail with the reason.
     */
    public Set<String> probeForBackwards(java.util.Collection<String> entities, Map<String, Long> cursors) {
        Instant now = Instant.now();
        List<EntityDef> due = new ArrayList<>();
        for (String name : entities) {
            long cursor = cursors.getOrDefault(name, 0L);
            Instant last = lastProbe.get(name);
            if (cursor == 0) {
                lastProbe.put(name, now); // a pull from 0 reads everything anyway
            } else if (!running.contains(name) && (last == null || !now.isBefore(last.plus(probeInterval)))) {
                due.add(catalog.get(name));
            }
        }
        Set<String> stopped = new HashSet<>();
        if (due.isEmpty()) {
            return stopped;
        }
        Map<String, List<ObjectNode>> answer;
        try {
            answer = readProbe(due);
        } catch (RuntimeException e) {
            LOG.debugf("The backwards probe could not ask Mahak: %s", e.getMessage());
            return stopped;
        }
        for (EntityDef entity : due) {
            lastProbe.put(entity.name(), now);
            long cursor = cursors.getOrDefault(entity.name(), 0L);
            String evidence = backwardsEvidence(entity, answer.getOrDefault(entity.name(), List.of()), cursor);
            if (evidence == null) {
                continue;
            }
            meters.counter("mahak.source.resets", "entity", entity.name(), "cause", "backwards").increment();
            String reason = "Mahak's row versions of " + entity.name() + " went backwards: " + evidence
                    + " (a restored or rebuilt Mahak database?)";
            if (guard.policy() == SourceGuard.Policy.RESYNC) {
                LOG.warnf("%s; re-syncing %s from version 0 (mahak.pull.on-source-reset=resync)", reason, entity.name());
                resync(entity.name());
            } else {
                guard.stop(entity.name(), reason);
                stopped.add(entity.name());
            }
        }
        return stopped;
    }

    private Map<String, List<ObjectNode>> readProbe(List<EntityDef> entities) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        entities.forEach(e -> request.put(e.requestField(), 0));
        request.put("pageSize", 1);
        Map<String, List<ObjectNode>> records = new HashMap<>();
        read(request, (e, record) -> records.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(record));
        return records;
    }

    /** What in these records shows row versions that went backwards, or null. */
    private String backwardsEvidence(EntityDef entity, List<ObjectNode> records, long cursor) {
        if (records.isEmpty()) {
            return null;
        }
        List<Candidate> seen = new ArrayList<>();
        for (ObjectNode record : records) {
            Keys row = keys(entity, record);
            if (row.id() != null && row.rowVersion() != null) {
                seen.add(new Candidate(record, key(row.id()), row.id(), row.rowVersion(), row.deleted()));
            }
        }
        if (seen.isEmpty()) {
            return null;
        }
        try (Connection c = db.dataSource().getConnection()) {
            Map<Object, Stored> stored = storedRows(c, entity, seen);
            for (Candidate m : seen) {
                Stored s = stored.get(m.key());
                if (s != null && s.rowVersion() != null && s.rowVersion() > m.rowVersion()) {
                    return "id " + m.id() + " is stored with row version " + s.rowVersion() + " but Mahak now sends "
                            + m.rowVersion();
                }
                if (s == null && !m.deleted() && m.rowVersion() <= cursor) {
                    return "id " + m.id() + " (row version " + m.rowVersion() + ") is below the cursor " + cursor
                            + " and not in the mirror";
                }
            }
            return null;
        } catch (SQLException e) {
            throw wrap("read " + entity.table(), e);
        }
    }

    /** Compares and repairs the entity; row versions that went backwards follow the source-reset rule. */
    public Report verify(String entity) {
        return run(catalog.get(entity), Kind.VERIFY);
    }

    /** Re-reads and rewrites the entity from version 0, puts the cursor at Mahak's newest and resumes its pull. */
    public Report resync(String entity) {
        return run(catalog.get(entity), Kind.RESYNC);
    }

    public boolean isRunning(String entity) {
        return running.contains(catalog.get(entity).name());
    }

    private Report run(EntityDef entity, Kind kind) {
        String name = entity.name();
        if (!running.add(name)) {
            throw new IllegalStateException("a verify or re-sync of " + name + " is already running");
        }
        long started = System.nanoTime();
        long runId = -1;
        Pass pass = new Pass(entity, kind);
        try {
            long cursor = cursors.cursors(List.of(name)).getOrDefault(name, 0L);
            pass.cursorBefore = cursor;
            pass.newestStored = Math.max(cursor, newestStored(entity));
            Optional<String> identity = kind == Kind.RESYNC ? guard.currentIdentity() : Optional.empty();
            runId = insertRun(name, kind);
            readAll(pass);
            sweepExtra(pass);
            long cursorAfter = conclude(pass, identity);
            finishRun(runId, pass, "done", cursorAfter, null);
            record(pass);
            LOG.logf(pass.mismatches() > 0 ? Logger.Level.WARN : Logger.Level.INFO,
                    "%s %s: %d checked, %d missing, %d extra, %d stale (%d below the cursor or older than stored), "
                            + "%d repaired, cursor %d -> %d, %d ms%s",
                    kind == Kind.RESYNC ? "Re-sync" : "Verify", name, pass.checked, pass.missing, pass.extra,
                    pass.stale, pass.backwards, pass.repaired, pass.cursorBefore, cursorAfter,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    pass.examples.isEmpty() ? "" : "; e.g. " + String.join("; ", pass.examples));
            return report(runId).orElseThrow();
        } catch (RuntimeException e) {
            if (runId >= 0) {
                try {
                    finishRun(runId, pass, "failed", pass.cursorBefore, e.getMessage());
                } catch (RuntimeException ignored) {
                    // the target itself may be what failed; the exception below says why
                }
            }
            throw e;
        } finally {
            running.remove(name);
        }
    }

    /** What one pass has found so far. */
    private static final class Pass {
        final EntityDef entity;
        final Kind kind;
        final Set<Object> seen = new HashSet<>();
        final List<String> examples = new ArrayList<>();
        long cursorBefore;
        long newestStored;
        long newestAtMahak;
        long checked;
        long missing;
        long extra;
        long stale;
        long backwards;
        long repaired;

        Pass(EntityDef entity, Kind kind) {
            this.entity = entity;
            this.kind = kind;
        }

        long mismatches() {
            return missing + extra + stale;
        }

        void example(String text) {
            if (examples.size() < EXAMPLES) {
                examples.add(text);
            }
        }
    }

    /** Page after page from version 0, each compared and repaired in its own transaction. */
    private void readAll(Pass pass) {
        long from = 0;
        boolean firstPage = true;
        while (true) {
            if (!firstPage) {
                pause();
            }
            firstPage = false;
            List<ObjectNode> page = readPage(pass.entity, from);
            List<Candidate> fresh = new ArrayList<>();
            long highest = from;
            for (ObjectNode record : page) {
                Keys row = keys(pass.entity, record);
                Long rv = row.rowVersion();
                if (rv == null || rv <= from || row.id() == null) {
                    continue; // an inclusive server sends the record at the cursor again; no id: the pull dead-letters it
                }
                fresh.add(new Candidate(record, key(row.id()), row.id(), rv, row.deleted()));
                highest = Math.max(highest, rv);
            }
            if (fresh.isEmpty()) {
                return;
            }
            compareAndRepair(pass, fresh);
            pass.newestAtMahak = Math.max(pass.newestAtMahak, highest);
            from = highest;
        }
    }

    private record Candidate(ObjectNode record, Object key, Object id, long rowVersion, boolean deleted) {
    }

    private record Stored(Long rowVersion, boolean deleted) {
    }

    private void compareAndRepair(Pass pass, List<Candidate> fresh) {
        EntityDef entity = pass.entity;
        SqlDialect d = db.dialect();
        String table = d.quote(entity.table());
        String idColumn = d.quote(entity.idFieldDef().column());
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<Object, Stored> stored = storedRows(c, entity, fresh);
                List<Candidate> write = new ArrayList<>();
                try (PreparedStatement remove = c.prepareStatement("DELETE FROM " + table + " WHERE " + idColumn
                        + " = ? AND " + d.quote("row_version") + " = ?")) {
                    for (Candidate m : fresh) {
                        pass.checked++;
                        pass.seen.add(m.key());
                        Stored s = stored.get(m.key());
                        if (s == null) {
                            if (m.deleted() && pull.hardDelete()) {
                                continue; // deleted at Mahak and removed here: as it should be
                            }
                            pass.missing++;
                            boolean belowCursor = m.rowVersion() <= pass.cursorBefore;
                            if (belowCursor) {
                                pass.backwards++;
                            }
                            pass.example("missing id " + m.id() + " (Mahak " + m.rowVersion()
                                    + (belowCursor ? ", below the cursor " + pass.cursorBefore : "") + ")");
                            write.add(m);
                            continue;
                        }
                        if (s.rowVersion() != null && s.rowVersion() > pass.newestStored) {
                            continue; // stored by a pull after this pass began
                        }
                        boolean differs = s.rowVersion() == null || s.rowVersion() != m.rowVersion()
                                || s.deleted() != m.deleted();
                        if (differs) {
                            pass.stale++;
                            boolean older = s.rowVersion() != null && s.rowVersion() > m.rowVersion();
                            if (older) {
                                pass.backwards++;
                            }
                            pass.example("stale id " + m.id() + " (stored " + s.rowVersion() + (s.deleted() ? " deleted" : "")
                                    + ", Mahak " + m.rowVersion() + (m.deleted() ? " deleted" : "") + ")");
                        }
                        if (!differs && pass.kind == Kind.VERIFY) {
                            continue;
                        }
                        if (s.rowVersion() == null) {
                            try (PreparedStatement removeNull = c.prepareStatement("DELETE FROM " + table + " WHERE "
                                    + idColumn + " = ? AND " + d.quote("row_version") + " IS NULL")) {
                                removeNull.setObject(1, m.id());
                                if (removeNull.executeUpdate() == 0) {
                                    continue;
                                }
                            }
                        } else {
                            remove.setObject(1, m.id());
                            remove.setLong(2, s.rowVersion());
                            if (remove.executeUpdate() == 0) {
                                continue; // changed by a pull since it was read: the next pass looks again
                            }
                        }
                        write.add(m);
                    }
                }
                if (!write.isEmpty()) {
                    try (EntityBatch batch = new EntityBatch(entity, Long.MIN_VALUE, pull.hardDelete(), pull.batchSize(),
                            pull.bulkMinRows(d), c, d, deadLetters)) {
                        for (Candidate m : write) {
                            batch.accept(m.record());
                        }
                        batch.flush();
                    }
                    pass.repaired += write.size();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw wrap("repair " + entity.table(), e);
        }
    }

    private Map<Object, Stored> storedRows(Connection c, EntityDef entity, List<Candidate> fresh) throws SQLException {
        SqlDialect d = db.dialect();
        Map<Object, Stored> out = new HashMap<>();
        for (int from = 0; from < fresh.size(); from += IN_CHUNK) {
            List<Candidate> chunk = fresh.subList(from, Math.min(fresh.size(), from + IN_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + d.quote(entity.idFieldDef().column()) + ", "
                    + d.quote("row_version") + ", " + d.quote("deleted") + " FROM " + d.quote(entity.table())
                    + " WHERE " + d.quote(entity.idFieldDef().column()) + " IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setObject(i + 1, chunk.get(i).id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long rv = rs.getLong(2);
                        Long rowVersion = rs.wasNull() ? null : rv;
                        out.put(key(rs.getObject(1)), new Stored(rowVersion, rs.getBoolean(3)));
                    }
                }
            }
        }
        return out;
    }

    /** Mirror rows Mahak did not send: marked deleted (soft delete mode) or removed (hard). */
    private void sweepExtra(Pass pass) {
        EntityDef entity = pass.entity;
        SqlDialect d = db.dialect();
        String table = d.quote(entity.table());
        String idColumn = d.quote(entity.idFieldDef().column());
        List<Object[]> extra = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1000);
                try (ResultSet rs = s.executeQuery("SELECT " + idColumn + ", " + d.quote("row_version") + ", "
                        + d.quote("deleted") + " FROM " + table)) {
                    while (rs.next()) {
                        Object id = rs.getObject(1);
                        long rv = rs.getLong(2);
                        Long rowVersion = rs.wasNull() ? null : rv;
                        boolean deleted = rs.getBoolean(3);
                        if (!deleted && !pass.seen.contains(key(id))
                                && (rowVersion == null || rowVersion <= pass.newestStored)) {
                            extra.add(new Object[] {id, rowVersion});
                        }
                    }
                }
            }
            if (extra.isEmpty()) {
                return;
            }
            c.setAutoCommit(false);
            String sql = pull.hardDelete()
                    ? "DELETE FROM " + table + " WHERE " + idColumn + " = ?"
                    : "UPDATE " + table + " SET " + d.quote("deleted") + " = ?, " + d.quote(EntityTables.SYNCED_AT_COLUMN)
                            + " = ? WHERE " + idColumn + " = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Timestamp now = Timestamp.from(Instant.now());
                for (Object[] row : extra) {
                    if (pull.hardDelete()) {
                        ps.setObject(1, row[0]);
                    } else {
                        ps.setBoolean(1, true);
                        ps.setTimestamp(2, now);
                        ps.setObject(3, row[0]);
                    }
                    ps.addBatch();
                    pass.extra++;
                    pass.repaired++;
                    pass.example("extra id " + row[0] + " (stored " + row[1] + ", not at Mahak)");
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw wrap("sweep " + entity.table(), e);
        }
    }

    /** Where the cursor goes and whether the entity keeps pulling; answers the cursor after the pass. */
    private long conclude(Pass pass, Optional<String> identity) {
        String name = pass.entity.name();
        if (pass.kind == Kind.RESYNC) {
            cursors.restart(name, pass.newestAtMahak);
            guard.resume(name, identity);
            return pass.newestAtMahak;
        }
        boolean aheadOfMahak = pass.newestAtMahak < pass.cursorBefore;
        if (pass.backwards == 0 && !aheadOfMahak) {
            return pass.cursorBefore;
        }
        meters.counter("mahak.source.resets", "entity", name, "cause", "backwards").increment();
        String reason = "Mahak's row versions of " + name + " went backwards: " + pass.backwards
                + " record(s) below the cursor were missing from the mirror or older than stored"
                + (aheadOfMahak ? ", and Mahak's newest row version " + pass.newestAtMahak + " is below the cursor "
                        + pass.cursorBefore : "")
                + " (a restored or rebuilt Mahak database?)"
                + (pass.examples.isEmpty() ? "" : "; e.g. " + String.join("; ", pass.examples.subList(0,
                        Math.min(3, pass.examples.size()))));
        if (guard.policy() == SourceGuard.Policy.RESYNC) {
            // The pass has just re-read and repaired everything: it is the re-sync; only the cursor is left.
            LOG.warnf("%s; the mirror is repaired and the cursor goes to %d (mahak.pull.on-source-reset=resync)", reason,
                    pass.newestAtMahak);
            cursors.restart(name, pass.newestAtMahak);
            return pass.newestAtMahak;
        }
        guard.stop(name, reason);
        return pass.cursorBefore;
    }

    private void record(Pass pass) {
        String name = pass.entity.name();
        meters.counter("mahak.verify.rows", "entity", name, "outcome", "missing").increment(pass.missing);
        meters.counter("mahak.verify.rows", "entity", name, "outcome", "extra").increment(pass.extra);
        meters.counter("mahak.verify.rows", "entity", name, "outcome", "stale").increment(pass.stale);
        meters.counter("mahak.verify.rows", "entity", name, "outcome", "backwards").increment(pass.backwards);
    }

    private List<ObjectNode> readPage(EntityDef entity, long from) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put(entity.requestField(), from);
        request.put("pageSize", pageSize);
        List<ObjectNode> records = new ArrayList<>();
        read(request, (e, record) -> {
            if (e.name().equals(entity.name())) {
                records.add(record);
            }
        });
        return records;
    }

    /** One GetAllData call, every record handed to the sink; {@code Result:false} is a permanent failure. */
    private void read(ObjectNode request, GetAllDataReader.RecordSink sink) {
        String endpoint = client.settings().versioned("GetAllData");
        try (InputStream answer = client.getAllData(request)) {
            GetAllDataReader.Outcome outcome = new GetAllDataReader(catalog, mapper, endpoint, answer).read(sink);
            if (!outcome.result()) {
                throw new MahakPermanentException(endpoint, outcome.code(), endpoint + " answered Result:false, Code "
                        + outcome.code() + ": " + (outcome.message() == null ? "no message" : outcome.message()), null);
            }
        } catch (IOException e) {
            throw new MahakTransientException(endpoint, 0, null, "Reading the " + endpoint + " answer failed: "
                    + e.getMessage(), e);
        } catch (SQLException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /** The low rate: a pause between pages, so that a pass never competes with the pull for Mahak. */
    private void pause() {
        if (pagePause.isZero() || pagePause.isNegative()) {
            return;
        }
        try {
            Thread.sleep(pagePause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verify interrupted", e);
        }
    }

    /** The server id, row version and deleted flag of a record as Mahak sent it (names in any letter case). */
    private record Keys(Object id, Long rowVersion, boolean deleted) {
    }

    private static Keys keys(EntityDef entity, ObjectNode record) {
        Object id = value(entity.idFieldDef().type(), Envelope.firstOf(record, entity.idField()));
        Object rowVersion = value(FieldType.INT64, Envelope.firstOf(record, EntityDef.ROW_VERSION));
        Object deleted = value(FieldType.BOOLEAN, Envelope.firstOf(record, EntityDef.DELETED));
        return new Keys(id, rowVersion instanceof Long l ? l : null, Boolean.TRUE.equals(deleted));
    }

    private static Object value(FieldType type, JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : RowMapper.convert(type, node);
    }

    private long newestStored(EntityDef entity) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(" + d.quote("row_version") + ") FROM " + d.quote(entity.table()))) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw wrap("read " + entity.table(), e);
        }
    }

    /** Ids compare by value whatever their Java type (Integer from one driver, Long from another). */
    private static Object key(Object id) {
        return id instanceof Number n ? (Object) n.longValue() : String.valueOf(id);
    }

    // ------------------------------------------------------------------------------ mahak_verify_run

    private long insertRun(String entity, Kind kind) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + d.quote("mahak_verify_run") + " (" + d.quote("entity") + ", " + d.quote("kind") + ", "
                + d.quote("state") + ", " + d.quote("started_at") + ") VALUES (?, ?, 'running', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, entity);
            ps.setString(2, kind.label());
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw wrap("record a verify run", e);
        }
    }

    private void finishRun(long id, Pass pass, String state, long cursorAfter, String error) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + d.quote("mahak_verify_run") + " SET " + d.quote("state") + " = ?, " + d.quote("finished_at") + " = ?, "
                + d.quote("checked") + " = ?, " + d.quote("missing") + " = ?, " + d.quote("extra") + " = ?, "
                + d.quote("stale") + " = ?, " + d.quote("backwards") + " = ?, " + d.quote("repaired") + " = ?, "
                + d.quote("cursor_before") + " = ?, " + d.quote("cursor_after") + " = ?, " + d.quote("examples")
                + " = ?, " + d.quote("error") + " = ? WHERE " + d.quote("id") + " = ?")) {
            ps.setString(1, state);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, pass.checked);
            ps.setLong(4, pass.missing);
            ps.setLong(5, pass.extra);
            ps.setLong(6, pass.stale);
            ps.setLong(7, pass.backwards);
            ps.setLong(8, pass.repaired);
            ps.setLong(9, pass.cursorBefore);
            ps.setLong(10, cursorAfter);
            ps.setString(11, cut(pass.examples.isEmpty() ? null : String.join("; ", pass.examples)));
            ps.setString(12, cut(error));
            ps.setLong(13, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw wrap("record a verify run", e);
        }
    }

    /** The entity's passes, newest first. */
    public List<Report> reports(String entity, int limit) {
        return readReports(" WHERE " + db.dialect().quote("entity") + " = ?", catalog.get(entity).name(), limit);
    }

    public Optional<Report> report(long id) {
        SqlDialect d = db.dialect();
        return readReports(" WHERE " + d.quote("id") + " = ?", id, 1).stream().findFirst();
    }

    private Instant lastStarted(String entity) {
        return reports(entity, 1).stream().findFirst().map(Report::startedAt).orElse(null);
    }

    private List<Report> readReports(String where, Object key, int limit) {
        SqlDialect d = db.dialect();
        List<Report> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM "
                + d.quote("mahak_verify_run") + where + " ORDER BY " + d.quote("id") + " DESC LIMIT ?")) {
            ps.setObject(1, key);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp started = rs.getTimestamp("started_at");
                    Timestamp finished = rs.getTimestamp("finished_at");
                    out.add(new Report(rs.getLong("id"), rs.getString("entity"), rs.getString("kind"),
                            rs.getString("state"), started.toInstant(), finished == null ? null : finished.toInstant(),
                            rs.getLong("checked"), rs.getLong("missing"), rs.getLong("extra"), rs.getLong("stale"),
                            rs.getLong("backwards"), rs.getLong("repaired"), rs.getLong("cursor_before"),
                            rs.getLong("cursor_after"), rs.getString("examples"), rs.getString("error")));
                }
            }
        } catch (SQLException e) {
            throw wrap("read mahak_verify_run", e);
        }
        return out;
    }

    private static String cut(String text) {
        return text == null || text.length() <= TEXT_MAX ? text : text.substring(0, TEXT_MAX);
    }

    private static RuntimeException wrap(String what, SQLException e) {
        if (TargetUnavailableException.isConnectionProblem(e)) {
            return new TargetUnavailableException("Cannot " + what + ": the target database is unavailable: "
                    + e.getMessage(), e);
        }
        return new IllegalStateException("Cannot " + what + ": " + e.getMessage(), e);
    }
}
