package io.mahaksync.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.List;
import java.util.Optional;

/**
 * {@code mahak_push_batch}: the journal of SaveAllData requests. A batch is written in state
 * {@code sending} and committed before its request leaves; its {@code attempts} count goes up before
 * every send. A batch still {@code sending} after a crash or a failed send is reconciled (what landed
 * is found with GetAllData) before anything of it is sent again; then it is {@code done} or
 * {@code reconciled}.
 */
@Singleton
@Named("pushJournal")
public class PushJournal {

    public static final String SENDING = "sending";
    public static final String DONE = "done";
    public static final String RECONCILED = "reconciled";

    private final TargetDatabase db;
    private final IdMap idMap;
    private final ObjectMapper mapper;
    /** Batches journalled here with their first attempt counted, not sent yet (memory: lost in a crash, harmlessly). */
    private final Set<String> firstAttemptCounted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Ids per statement that names them (claims, open rows): well under every database's limit of bind parameters. */
    static final int IDS_PER_CLAIM = 1000;

    private final PushDropClaims dropClaims;

    public PushJournal(TargetDatabase db, IdMap idMap, ObjectMapper mapper, PushDropClaims dropClaims) {
        this.db = db;
        this.idMap = idMap;
        this.mapper = mapper;
        this.dropClaims = dropClaims;
    }

    /** A journalled batch; {@code outboxIds}: its records (null for an ERP outbox batch journalled before V91). */
    public record Entry(String batchId, String scope, String state, int attempts, String cursors, String outboxIds) {
    }

    /**
     * Journals a formed batch: its records are claimed (their {@code batch_id} set, only if still pending and
     * unclaimed) and the batch is written as {@code sending}, its first attempt counted, with the cursors
     * reconciliation would read from, in one committed transaction, before any request leaves. Returns the batch
     * of the records claimed, or null when another consumer claimed them all first.
     *
     * <p>Every batch's journal row lists its records ({@code outbox_ids}), which settling it reads by id. A drop's
     * batch is claimed by that row alone: a drop has
     * one consumer, the holder of its claim, and the journal's transaction locks that claim row and checks it still
     * holds it, so a holder whose claim was taken over journals nothing more. That saves an UPDATE of every record
     * (and of each of its indexes) before the request leaves; the records get their {@code batch_id} with their
     * outcome ({@link PushResults}).
     */
    public PushBatch open(PushBatchDraft draft) {
        List<OutboxRow> rows = draft.rows();
        if (rows.isEmpty()) {
            return null;
        }
        String batchId = UUID.randomUUID().toString();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                String cursors = cursors(c, rows);
                Long dropId = dropOf(draft.scope());
                List<OutboxRow> mine;
                if (dropId != null) {
                    if (!dropClaims.holdsLocked(c, dropId)) {
                        c.rollback();
                        return null;
                    }
                    mine = rows;
                } else {
                    mine = claim(c, batchId, rows);
                }
                if (mine.isEmpty()) {
                    c.rollback();
                    return null;
                }
                insert(c, batchId, draft.scope(), mine.size(), cursors, 1, ids(mine));
                c.commit();
                firstAttemptCounted.add(batchId);
                return new PushBatch(batchId, draft.scope(), mine);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot journal the push batch: " + e.getMessage(), e);
        }
    }

    /** The drop of a scope {@code drop:<id>}, null for the ERP outbox. */
    static Long dropOf(String scope) {
        return scope.startsWith("drop:") ? Long.valueOf(scope.substring(5)) : null;
    }

    private static String ids(List<OutboxRow> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 8);
        for (OutboxRow r : rows) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(r.id());
        }
        return out.toString();
    }

    /** The outbox ids an entry lists ({@code outbox_ids}), in order. */
    static List<Long> ids(Entry entry) {
        List<Long> out = new ArrayList<>();
        for (String id : entry.outboxIds().split(",")) {
            if (!id.isBlank()) {
                out.add(Long.parseLong(id.trim()));
            }
        }
        return out;
    }

    /**
     * Whether the batch was just journalled with its first attempt counted and not sent yet: true once, for the
     * first send; a resend (the outcome of that first send unknown) finds the journal's count and reconciles.
     */
    boolean takeFirstAttempt(String batchId) {
        return firstAttemptCounted.remove(batchId);
    }

    /**
     * The highest row version known per entity of the batch (id map or pull cursor), in one query of one row: two
     * scalar subqueries per entity, each by equality so that the id map's (entity, row_version) index answers MAX
     * from its last entry (an IN list with GROUP BY read every entry of the entity instead).
     */
    private String cursors(Connection c, List<OutboxRow> rows) throws SQLException {
        SqlDialect d = db.dialect();
        List<String> entities = rows.stream().map(OutboxRow::entity).distinct().toList();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            columns.add("(SELECT MAX(" + d.quote("row_version") + ") FROM " + d.quote("mahak_id_map") + " WHERE "
                    + d.quote("entity") + " = ?)");
            columns.add("(SELECT MAX(" + d.quote("row_version") + ") FROM " + d.quote("mahak_sync_state") + " WHERE "
                    + d.quote("entity") + " = ?)");
        }
        ObjectNode cursors = mapper.createObjectNode();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", columns))) {
            for (int i = 0; i < entities.size(); i++) {
                ps.setString(2 * i + 1, entities.get(i));
                ps.setString(2 * i + 2, entities.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < entities.size(); i++) {
                    cursors.put(entities.get(i), Math.max(rs.getLong(2 * i + 1), rs.getLong(2 * i + 2)));
                }
            }
        }
        return cursors.toString();
    }

    /** Claims the rows still pending and unclaimed (one UPDATE per chunk of ids); answers those claimed. */
    private List<OutboxRow> claim(Connection c, String batchId, List<OutboxRow> rows) throws SQLException {
        SqlDialect d = db.dialect();
        Timestamp now = Timestamp.from(Instant.now());
        int claimed = 0;
        for (int from = 0; from < rows.size(); from += IDS_PER_CLAIM) {
            List<OutboxRow> chunk = rows.subList(from, Math.min(rows.size(), from + IDS_PER_CLAIM));
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_outbox") + " SET "
                    + d.quote("batch_id") + " = ?, " + d.quote("updated_at") + " = ? WHERE " + d.quote("id") + " IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ") AND " + d.quote("batch_id")
                    + " IS NULL AND " + d.quote("status") + " = 'pending'")) {
                ps.setString(1, batchId);
                ps.setTimestamp(2, now);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 3, chunk.get(i).id());
                }
                claimed += ps.executeUpdate();
            }
        }
        if (claimed == rows.size()) {
            return rows;
        }
        // another consumer holds some of them: which ones are this batch's (by id: no index serves batch_id)
        Set<Long> mine = new HashSet<>();
        for (int from = 0; from < rows.size(); from += IDS_PER_CLAIM) {
            List<OutboxRow> chunk = rows.subList(from, Math.min(rows.size(), from + IDS_PER_CLAIM));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + d.quote("id") + " FROM " + d.quote("mahak_outbox")
                    + " WHERE " + d.quote("id") + " IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                    + ") AND " + d.quote("batch_id") + " = ?")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i).id());
                }
                ps.setString(chunk.size() + 1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        mine.add(rs.getLong(1));
                    }
                }
            }
        }
        return rows.stream().filter(r -> mine.contains(r.id())).toList();
    }

    private void insert(Connection c, String batchId, String scope, int records, String cursors, int attempts,
            String outboxIds) throws SQLException {
        SqlDialect d = db.dialect();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("mahak_push_batch") + " ("
                + d.quote("batch_id") + ", " + d.quote("scope") + ", " + d.quote("state") + ", " + d.quote("attempts")
                + ", " + d.quote("records") + ", " + d.quote("cursors") + ", " + d.quote("created_at") + ", "
                + d.quote("updated_at") + ", " + d.quote("outbox_ids") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, batchId);
            ps.setString(2, scope);
            ps.setString(3, SENDING);
            ps.setInt(4, attempts);
            ps.setInt(5, records);
            ps.setString(6, cursors);
            ps.setTimestamp(7, now);
            ps.setTimestamp(8, now);
            ps.setString(9, outboxIds);
            ps.executeUpdate();
        }
    }

    public Optional<Entry> find(String batchId) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM " + d.quote("mahak_push_batch") + " WHERE " + d.quote("batch_id") + " = ?")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_push_batch: " + e.getMessage(), e);
        }
    }

    /** Batches of a scope still in state sending: their outcome is unknown. */
    public List<Entry> openBatches(String scope) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM " + d.quote("mahak_push_batch") + " WHERE " + d.quote("state") + " = ? AND "
                        + d.quote("scope") + " = ? ORDER BY " + d.quote("created_at"))) {
            ps.setString(1, SENDING);
            ps.setString(2, scope);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_push_batch: " + e.getMessage(), e);
        }
    }

    /** Counts a send attempt, committed before the request leaves. */
    public void attempt(String batchId) {
        update(batchId, null, null, true);
    }

    public void finish(Connection c, String batchId, String state, String error) throws SQLException {
        firstAttemptCounted.remove(batchId);
        SqlDialect d = db.dialect();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_push_batch") + " SET "
                + d.quote("state") + " = ?, " + d.quote("last_error") + " = ?, " + d.quote("updated_at") + " = ? WHERE "
                + d.quote("batch_id") + " = ?")) {
            ps.setString(1, state);
            ps.setString(2, OutboxStore.truncate(error));
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, batchId);
            ps.executeUpdate();
        }
    }

    public void recordError(String batchId, String error) {
        update(batchId, null, error, false);
    }

    private void update(String batchId, String state, String error, boolean countAttempt) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + d.quote("mahak_push_batch") + " SET " + d.quote("attempts") + " = " + d.quote("attempts")
                + (countAttempt ? " + 1" : "") + ", " + d.quote("last_error") + " = COALESCE(?, " + d.quote("last_error")
                + "), " + d.quote("updated_at") + " = ? WHERE " + d.quote("batch_id") + " = ?")) {
            ps.setString(1, OutboxStore.truncate(error));
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, batchId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update mahak_push_batch: " + e.getMessage(), e);
        }
    }

    private static Entry read(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("batch_id"), rs.getString("scope"), rs.getString("state"), rs.getInt("attempts"),
                rs.getString("cursors"), rs.getString("outbox_ids"));
    }
}
