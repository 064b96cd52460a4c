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

    public PushJournal(TargetDatabase db, IdMap idMap, ObjectMapper mapper) {
        this.db = db;
        this.idMap = idMap;
        this.mapper = mapper;
    }

    public record Entry(String batchId, String scope, String state, int attempts, String cursors) {
    }

    /**
     * Journals a formed batch: its records are claimed (their {@code batch_id} set, only if still pending and
     * unclaimed) and the batch is written as {@code sending} with the cursors reconciliation would read from,
     * in one committed transaction, before any request leaves. Returns the batch of the records claimed, or
     * null when another consumer claimed them all first.
     */
    public PushBatch open(PushBatchDraft draft) {
        List<OutboxRow> rows = draft.rows();
        if (rows.isEmpty()) {
            return null;
        }
        SqlDialect d = db.dialect();
        String batchId = UUID.randomUUID().toString();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                ObjectNode cursors = mapper.createObjectNode();
                for (OutboxRow r : rows) {
                    if (!cursors.has(r.entity())) {
                        cursors.put(r.entity(), idMap.highestKnownRowVersion(c, r.entity()));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_outbox") + " SET "
                        + d.quote("batch_id") + " = ?, " + d.quote("updated_at") + " = ? WHERE " + d.quote("id")
                        + " = ? AND " + d.quote("batch_id") + " IS NULL AND " + d.quote("status") + " = 'pending'")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    for (OutboxRow r : rows) {
                        ps.setString(1, batchId);
                        ps.setTimestamp(2, now);
                        ps.setLong(3, r.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                Set<Long> claimed = new HashSet<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + d.quote("id") + " FROM "
                        + d.quote("mahak_outbox") + " WHERE " + d.quote("batch_id") + " = ?")) {
                    ps.setString(1, batchId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(rs.getLong(1));
                        }
                    }
                }
                List<OutboxRow> mine = rows.stream().filter(r -> claimed.contains(r.id())).toList();
                if (mine.isEmpty()) {
                    c.rollback();
                    return null;
                }
                insert(c, batchId, draft.scope(), mine.size(), cursors.toString());
                c.commit();
                return new PushBatch(batchId, draft.scope(), mine);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot journal the push batch: " + e.getMessage(), e);
        }
    }

    void insert(Connection c, String batchId, String scope, int records, String cursors) throws SQLException {
        SqlDialect d = db.dialect();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("mahak_push_batch") + " ("
                + d.quote("batch_id") + ", " + d.quote("scope") + ", " + d.quote("state") + ", " + d.quote("attempts")
                + ", " + d.quote("records") + ", " + d.quote("cursors") + ", " + d.quote("created_at") + ", "
                + d.quote("updated_at") + ") VALUES (?, ?, ?, 0, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, batchId);
            ps.setString(2, scope);
            ps.setString(3, SENDING);
            ps.setInt(4, records);
            ps.setString(5, cursors);
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
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
                rs.getString("cursors"));
    }
}
