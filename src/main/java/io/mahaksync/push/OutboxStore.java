package io.mahaksync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code mahak_outbox}: every record to send, from an ERP's inserts ({@code source = 'db'}) or from a
 * CSV drop ({@code source = 'csv'}); rows get there through {@link OutboxStaging}. This bean holds the SQL of
 * what follows: forming and claiming the next batch (journalled before it is sent), and each row's outcome.
 * Row lifecycle: {@code pending} -> {@code sent} | {@code rejected} | {@code conflict} | {@code invalid}.
 */
@Singleton
@Named("outboxStore")
public class OutboxStore {

    private static final Logger LOG = Logger.getLogger(OutboxStore.class);

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String REJECTED = "rejected";
    public static final String CONFLICT = "conflict";
    public static final String INVALID = "invalid";
    public static final String SCOPE_DB = "db";

    private final TargetDatabase db;
    private final EntityCatalog catalog;
    private final PushJournal journal;
    private final IdMap idMap;
    private final PushSettings settings;
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile Instant firstSeenPending;
    private final io.mahaksync.DryRun dryRun;
    /** Dry run: the rows of a scope already shown in a would-be batch of the current pass (they stay pending). */
    private final Map<String, java.util.Set<Long>> dryPlanned = new java.util.HashMap<>();

    public OutboxStore(TargetDatabase db, EntityCatalog catalog, PushJournal journal, IdMap idMap, PushSettings settings, io.mahaksync.DryRun dryRun) {
        this.dryRun = dryRun;
        this.db = db;
        this.catalog = catalog;
        this.journal = journal;
        this.idMap = idMap;
        this.settings = settings;
    }

    private String q(String identifier) {
        return db.dialect().quote(identifier);
    }

    private String table() {
        return q("mahak_outbox");
    }

    /** The pending upload rows of a drop. */
    public List<OutboxRow> pendingUploads(long dropId) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM "
                + table() + " WHERE " + q("drop_id") + " = ? AND " + q("entity") + " = ? AND " + q("status")
                + " = 'pending' ORDER BY " + q("id"))) {
            ps.setLong(1, dropId);
            ps.setString(2, PushUploads.ENTITY);
            List<OutboxRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_outbox: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- forming and claiming batches

    private String scopeFilter(String scope) {
        if (SCOPE_DB.equals(scope)) {
            return q("source") + " = 'db'";
        }
        if (scope.startsWith("drop:")) {
            return q("drop_id") + " = " + Long.parseLong(scope.substring(5));
        }
        throw new IllegalArgumentException("Unknown push scope " + scope);
    }

    /**
     * The next batch of a scope, journalled as {@code sending} and committed, or null when nothing is
     * ready. Whole groups only (an order with all its details), up to {@code mahak.push.batch-size}
     * records (a bigger group goes alone). Outside {@code drain}, a partial outbox batch waits up to
     * {@code mahak.push.batch-wait} for more records.
     */
    public synchronized PushBatch nextBatch(String scope, boolean drain) {
        int size = settings.batchSize();
        String pending = q("status") + " = 'pending' AND " + q("batch_id") + " IS NULL AND " + q("group_key")
                + " IS NOT NULL AND " + scopeFilter(scope);
        try (Connection c = db.dataSource().getConnection()) {
            Pass pass = passes.get(scope);
            if (pass == null) {
                pass = startPass(c, scope, pending, drain);
                if (pass == null) {
                    return null;
                }
                passes.put(scope, pass);
            }
            while (true) {
                if (pass.rank >= pass.ranks.size()) {
                    // a pass that sent something may have left work behind it (client-wins re-sends): walk again
                    passes.remove(scope);
                    dryPlanned.remove(scope);
                    if (!pass.claimedAny) {
                        return null;
                    }
                    pass = startPass(c, scope, pending, true);
                    if (pass == null) {
                        return null;
                    }
                    passes.put(scope, pass);
                    continue;
                }
                List<String> groups = new ArrayList<>();
                Map<String, Long> firstId = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + q("group_key") + ", " + q("id") + " FROM "
                        + table() + " WHERE " + pending + " AND " + q("send_rank") + " = ? AND " + q("id") + " > ? ORDER BY "
                        + q("id"))) {
                    ps.setInt(1, pass.ranks.get(pass.rank));
                    ps.setLong(2, pass.lastId);
                    ps.setMaxRows(size * 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            firstId.putIfAbsent(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                groups.addAll(firstId.keySet());
                if (groups.isEmpty()) {
                    pass.rank++;
                    pass.lastId = 0;
                    continue;
                }
                List<OutboxRow> rows = new ArrayList<>();
                boolean full = false;
                for (int from = 0; from < groups.size() && !full; ) {
                    List<String> chunk = groups.subList(from, Math.min(groups.size(), from + pass.groupsToLoad(size - rows.size())));
                    from += chunk.size();
                    Map<String, List<OutboxRow>> byGroup = loadGroups(c, scope, chunk);
                    for (String g : chunk) {
                        List<OutboxRow> group = byGroup.getOrDefault(g, List.of());
                        pass.seen(group.size());
                        if (!group.isEmpty() && parentReady(c, scope, g, group)) {
                            if (!rows.isEmpty() && rows.size() + group.size() > size) {
                                full = true;
                                break;
                            }
                            rows.addAll(group);
                        }
                        pass.lastId = Math.max(pass.lastId, firstId.get(g));
                    }
                }
                if (!rows.isEmpty() && dryRun.enabled()) {
                    // formed as for real, but neither journalled nor claimed: the rows stay pending
                    java.util.Set<Long> planned = dryPlanned.computeIfAbsent(scope, k -> new java.util.HashSet<>());
                    rows.forEach(r -> planned.add(r.id()));
                    return new PushBatch("dry-run-" + UUID.randomUUID(), scope, rows);
                }
                if (!rows.isEmpty()) {
                    PushBatch batch = claim(c, scope, rows);
                    if (batch != null) {
                        pass.claimedAny = true;
                        return batch;
                    }
                }
            }
        } catch (SQLException e) {
            passes.remove(scope);
            dryPlanned.remove(scope);
            throw new IllegalStateException("Cannot form the next push batch: " + e.getMessage(), e);
        }
    }

    /** One walk over a scope's pending records: rank after rank (people before orders), by id. */
    private static final class Pass {
        final List<Integer> ranks;
        int rank;
        long lastId;
        boolean claimedAny;

        long groupsSeen;
        long rowsSeen;

        Pass(List<Integer> ranks) {
            this.ranks = ranks;
        }

        void seen(int groupSize) {
            groupsSeen++;
            rowsSeen += groupSize;
        }

        /**
         * How many groups to load for the room left in a batch, from the group size seen so far: loading a
         * fixed 100 groups of five (an order and its details) read 500 rows with their payloads to fill a
         * batch of 200, and read the rest again for the next batch.
         */
        int groupsToLoad(int room) {
            if (groupsSeen == 0) {
                return 100;
            }
            long perGroup = Math.max(1, rowsSeen / groupsSeen);
            return (int) Math.max(1, Math.min(100, room / perGroup + 1));
        }
    }

    private final Map<String, Pass> passes = new java.util.HashMap<>();

    private Pass startPass(Connection c, String scope, String pending, boolean drain) throws SQLException {
        List<Integer> ranks = new ArrayList<>();
        long count = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("send_rank") + ", COUNT(*) FROM " + table()
                + " WHERE " + pending + " GROUP BY " + q("send_rank") + " ORDER BY " + q("send_rank"))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ranks.add(rs.getInt(1));
                    count += rs.getLong(2);
                }
            }
        }
        if (ranks.isEmpty()) {
            firstSeenPending = null;
            return null;
        }
        refreshStatistics(c, count);
        if (!drain && SCOPE_DB.equals(scope) && count < settings.batchSize()) {
            Instant first = firstSeenPending;
            if (first == null) {
                firstSeenPending = Instant.now();
                return null;
            }
            if (Instant.now().isBefore(first.plus(settings.batchWait()))) {
                return null;
            }
        }
        firstSeenPending = null;
        return new Pass(ranks);
    }

    /** Pending rows from which a pass first brings PostgreSQL's statistics of the outbox up to date. */
    static final long ANALYZE_FROM_PENDING = 10_000;

    /**
     * PostgreSQL plans {@link #loadGroups}' {@code group_key IN (...)} from the table's statistics. A freshly staged
     * drop has none until autovacuum analyses the table (never, where it is off), and without them every key is
     * guessed at 0.5 % of the table: 100 keys are "half the table", so each batch read the whole outbox sequentially,
     * dead row versions included, and a 100,000-row drop slowed from 576 to 170 rows/s as the outbox grew. One
     * ANALYZE (a sample of 30,000 rows) before a pass over a large backlog keeps the group index in use.
     */
    private void refreshStatistics(Connection c, long pending) throws SQLException {
        if (pending >= ANALYZE_FROM_PENDING && db.dialect() == SqlDialect.POSTGRESQL) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ANALYZE " + table());
            }
        }
    }

    private static boolean inScope(OutboxRow r, String scope) {
        return SCOPE_DB.equals(scope) ? SCOPE_DB.equals(r.source())
                : r.dropId() != null && scope.equals("drop:" + r.dropId());
    }

    private Map<String, List<OutboxRow>> loadGroups(Connection c, String scope, List<String> groups)
            throws SQLException {
        String in = String.join(", ", java.util.Collections.nCopies(groups.size(), "?"));
        Map<String, List<OutboxRow>> out = new LinkedHashMap<>();
        java.util.Set<Long> planned = dryPlanned.getOrDefault(scope, java.util.Set.of());
        // By group key only, so that only its index can serve the query; state and scope are checked on the rows
        // read. With "status = 'pending' AND batch_id IS NULL" in the WHERE clause, PostgreSQL (a freshly staged
        // drop has no statistics yet) ANDed the group index with the status index, which walks every pending row
        // of the table: 92 ms per batch and half the time of a 100,000-row push.
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table() + " WHERE " + q("group_key")
                + " IN (" + in + ") ORDER BY " + q("id"))) {
            for (int i = 0; i < groups.size(); i++) {
                ps.setString(i + 1, groups.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!PENDING.equals(rs.getString("status")) || rs.getString("batch_id") != null) {
                        continue;
                    }
                    OutboxRow r = read(rs);
                    if (inScope(r, scope) && !planned.contains(r.id())) {
                        out.computeIfAbsent(r.groupKey(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Whether a group may go: it holds its own anchor record (the order itself), or the anchor is known to
     * Mahak. A group whose anchor failed is rejected; one whose anchor is nowhere waits (outbox, for
     * {@code mahak.push.orphan-grace}) or is rejected at once (a drop is complete when it is read).
     */
    private boolean parentReady(Connection c, String scope, String groupKey, List<OutboxRow> group)
            throws SQLException {
        int colon = groupKey.lastIndexOf(':');
        String anchorEntity = groupKey.substring(0, colon);
        long anchorClientId = Long.parseLong(groupKey.substring(colon + 1));
        for (OutboxRow r : group) {
            if (r.entity().equals(anchorEntity) && r.clientId() == anchorClientId) {
                return true;
            }
        }
        EntityDef anchor = catalog.get(anchorEntity);
        if (idMap.knownToMahak(anchor, anchorClientId)) {
            return true;
        }
        String anchorStatus = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("status") + ", " + q("id") + " FROM "
                + table() + " WHERE " + q("entity") + " = ? AND " + q("client_id") + " = ? ORDER BY " + q("id")
                + " DESC")) {
            ps.setString(1, anchorEntity);
            ps.setLong(2, anchorClientId);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    anchorStatus = rs.getString(1);
                    if (PENDING.equals(anchorStatus)) {
                        // in flight or about to be: the group follows it (in a dry run, once it was shown)
                        return dryRun.enabled() && dryPlanned.getOrDefault(scope, java.util.Set.of()).contains(rs.getLong(2));
                    }
                }
            }
        }
        String reason;
        if (anchorStatus != null) {
            reason = anchor.name() + " with " + anchor.clientIdField() + " " + anchorClientId + " was not accepted ("
                    + anchorStatus + "), so this record is not sent";
        } else {
            boolean expired = !SCOPE_DB.equals(scope) || group.stream().allMatch(r -> olderThanGrace(c, r.id()));
            if (!expired) {
                return false;
            }
            reason = anchor.name() + " with " + anchor.clientIdField() + " " + anchorClientId
                    + " is neither in this push nor known to Mahak";
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = ?, "
                + q("last_error") + " = ?, " + q("updated_at") + " = ? WHERE " + q("id") + " = ?")) {
            for (OutboxRow r : group) {
                ps.setString(1, INVALID);
                ps.setString(2, truncate(reason));
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.setLong(4, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        LOG.warnf("%d %s record(s) not sent: %s", group.size(), group.get(0).entity(), Scrubber.scrub(reason));
        return false;
    }

    private boolean olderThanGrace(Connection c, long id) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table() + " WHERE " + q("id") + " = ? AND "
                + q("updated_at") + " < ?")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, Timestamp.from(Instant.now().minus(settings.orphanGrace())));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** Marks the rows as this batch's and journals the batch as sending, in one committed transaction. */
    private PushBatch claim(Connection c, String scope, List<OutboxRow> rows) throws SQLException {
        String batchId = UUID.randomUUID().toString();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            ObjectNode cursors = mapper.createObjectNode();
            for (OutboxRow r : rows) {
                if (!cursors.has(r.entity())) {
                    cursors.put(r.entity(), idMap.highestKnownRowVersion(c, r.entity()));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("batch_id") + " = ?, "
                    + q("updated_at") + " = ? WHERE " + q("id") + " = ? AND " + q("batch_id") + " IS NULL AND "
                    + q("status") + " = 'pending'")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (OutboxRow r : rows) {
                    ps.setString(1, batchId);
                    ps.setTimestamp(2, now);
                    ps.setLong(3, r.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Set<Long> claimed = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + q("id") + " FROM " + table() + " WHERE "
                    + q("batch_id") + " = ?")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(rs.getLong(1));
                    }
                }
            }
            List<OutboxRow> mine = rows.stream().filter(r -> claimed.contains(r.id())).toList();
            journal.insert(c, batchId, scope, mine.size(), cursors.toString());
            c.commit();
            return mine.isEmpty() ? null : new PushBatch(batchId, scope, mine);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The rows of a batch still waiting for their outcome. */
    public List<OutboxRow> openRows(String batchId) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM "
                + table() + " WHERE " + q("batch_id") + " = ? AND " + q("status") + " = 'pending' ORDER BY " + q("id"))) {
            ps.setString(1, batchId);
            List<OutboxRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_outbox: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- outcomes

    /** A record Mahak accepted, with the server id and row version it gave. */
    public record Accepted(OutboxRow row, Long serverId, Long rowVersion) {
    }

    /** Marks many rows sent in one JDBC batch, inside the caller's transaction. */
    public void markSent(Connection c, List<Accepted> accepted) throws SQLException {
        if (accepted.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = 'sent', "
                + q("server_id") + " = ?, " + q("row_version") + " = ?, " + q("attempts") + " = " + q("attempts")
                + " + 1, " + q("last_error") + " = NULL, " + q("error_code") + " = NULL, " + q("updated_at")
                + " = ? WHERE " + q("id") + " = ?")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (Accepted a : accepted) {
                IdMap.setLong(ps, 1, a.serverId());
                IdMap.setLong(ps, 2, a.rowVersion());
                ps.setTimestamp(3, now);
                ps.setLong(4, a.row().id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void markSent(Connection c, long id, Long serverId, Long rowVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = 'sent', "
                + q("server_id") + " = ?, " + q("row_version") + " = ?, " + q("attempts") + " = " + q("attempts")
                + " + 1, " + q("last_error") + " = NULL, " + q("error_code") + " = NULL, " + q("updated_at")
                + " = ? WHERE " + q("id") + " = ?")) {
            IdMap.setLong(ps, 1, serverId);
            IdMap.setLong(ps, 2, rowVersion);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** A final outcome other than sent: rejected, conflict or invalid, with the reason and Mahak's code. */
    public void markFailed(Connection c, long id, String status, String error, Integer code, Long serverId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = ?, "
                + q("last_error") + " = ?, " + q("error_code") + " = ?, " + q("server_id") + " = COALESCE(?, "
                + q("server_id") + "), " + q("attempts") + " = " + q("attempts") + " + 1, " + q("updated_at")
                + " = ? WHERE " + q("id") + " = ?")) {
            ps.setString(1, status);
            ps.setString(2, truncate(error));
            if (code == null) {
                ps.setNull(3, java.sql.Types.INTEGER);
            } else {
                ps.setInt(3, code);
            }
            IdMap.setLong(ps, 4, serverId);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.setLong(6, id);
            ps.executeUpdate();
        }
    }

    /**
     * Hands a row back to the queue (its batch is over without an answer for it), counting the attempt;
     * after {@code mahak.push.max-attempts} it is rejected instead. Returns true if rejected.
     */
    public boolean release(Connection c, OutboxRow row, String error, ObjectNode newPayload) throws SQLException {
        boolean giveUp = row.attempts() + 1 >= settings.maxAttempts();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = ?, "
                + q("batch_id") + " = NULL, " + q("last_error") + " = ?, " + q("attempts") + " = " + q("attempts")
                + " + 1, " + q("payload") + " = COALESCE(?, " + q("payload") + "), " + q("updated_at") + " = ? WHERE "
                + q("id") + " = ?")) {
            ps.setString(1, giveUp ? REJECTED : PENDING);
            ps.setString(2, truncate(giveUp ? "gave up after " + (row.attempts() + 1) + " attempts: " + error : error));
            ps.setString(3, newPayload == null ? null : newPayload.toString());
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setLong(5, row.id());
            ps.executeUpdate();
        }
        return giveUp;
    }

    /** Puts a finished row back to pending (dead-letter replay, dispute follow-up), optionally with a new payload. */
    public boolean requeue(long id, String payloadJson) {
        return requeue(id, payloadJson, null);
    }

    /** As {@link #requeue(long, String)}, with a corrected client id too (null: keep it). */
    public boolean requeue(long id, String payloadJson, Long clientId) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + table() + " SET " + q("status") + " = 'pending', " + q("batch_id") + " = NULL, " + q("source")
                + " = 'db', " + q("group_key") + " = NULL, " + q("attempts") + " = 0, " + q("payload") + " = COALESCE(?, "
                + q("payload") + "), " + q("client_id") + " = COALESCE(?, " + q("client_id") + "), " + q("updated_at")
                + " = ? WHERE " + q("id") + " = ? AND " + q("status") + " <> 'pending'")) {
            ps.setString(1, payloadJson);
            IdMap.setLong(ps, 2, clientId);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot requeue mahak_outbox row " + id + ": " + e.getMessage(), e);
        }
    }

    /** The client id of an outbox row, if the row exists and has one. */
    public Optional<Long> clientId(long id) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + q("client_id") + " FROM " + table() + " WHERE " + q("id") + " = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(IdMap.getLong(rs, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_outbox row " + id + ": " + e.getMessage(), e);
        }
    }

    /** Counts rows of a scope by status, for progress and tests. */
    public Map<String, Long> countByStatus(String scope) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + q("status") + ", COUNT(*) FROM " + table() + " WHERE " + scopeFilter(scope) + " GROUP BY " + q("status"))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count mahak_outbox: " + e.getMessage(), e);
        }
        return out;
    }

    OutboxRow read(ResultSet rs) throws SQLException {
        ObjectNode payload;
        try {
            payload = (ObjectNode) mapper.readTree(rs.getString("payload"));
        } catch (JsonProcessingException | ClassCastException e) {
            payload = mapper.createObjectNode();
        }
        long drop = rs.getLong("drop_id");
        Long dropId = rs.wasNull() ? null : drop;
        long row = rs.getLong("source_row");
        Long sourceRow = rs.wasNull() ? null : row;
        return new OutboxRow(rs.getLong("id"), rs.getString("entity"), rs.getLong("client_id"), payload,
                rs.getInt("attempts"), rs.getString("group_key"), rs.getString("source"), dropId,
                rs.getString("source_file"), sourceRow);
    }

    static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }

    public TargetDatabase database() {
        return db;
    }
}
