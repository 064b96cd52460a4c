package io.mahaksync.pull;

import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import io.mahaksync.targetdb.TargetUnavailableException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-entity cursors in {@code mahak_sync_state}. A cursor only moves inside the transaction
 * that stored the rows it covers ({@link #advance}), and never backwards except by {@link #reset}.
 */
@Singleton
@Named("cursorStore")
public class CursorStore {

    private final TargetDatabase db;

    CursorStore(TargetDatabase db) {
        this.db = db;
    }

    /** Each entity's stored cursor (0 when it was never pulled); creates the missing state rows. */
    public Map<String, Long> cursors(Collection<String> entities) {
        SqlDialect d = db.dialect();
        Map<String, Long> cursors = new HashMap<>();
        try (Connection c = connection()) {
            for (SyncState s : read(c, null)) {
                cursors.put(s.entity(), s.rowVersion());
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + d.quote("mahak_sync_state") + " ("
                    + d.quote("entity") + ", " + d.quote("row_version") + ", " + d.quote("updated_at")
                    + ") VALUES (?, 0, ?)")) {
                for (String entity : entities) {
                    if (!cursors.containsKey(entity)) {
                        insert.setString(1, entity);
                        insert.setTimestamp(2, Timestamp.from(Instant.now()));
                        insert.executeUpdate();
                        cursors.put(entity, 0L);
                    }
                }
            }
        } catch (SQLException e) {
            throw wrap("read the cursors", e);
        }
        cursors.keySet().retainAll(entities);
        return cursors;
    }

    /**
     * Moves an entity's cursor forward (never back) and adds the page's counts, on the caller's
     * connection so it commits together with the page's rows.
     */
    public void advance(Connection c, String entity, long rowVersion, long records, long deleted, Instant at)
            throws SQLException {
        SqlDialect d = db.dialect();
        String rv = d.quote("row_version");
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_sync_state") + " SET "
                + rv + " = CASE WHEN " + rv + " < ? THEN ? ELSE " + rv + " END, "
                + d.quote("records_total") + " = " + d.quote("records_total") + " + ?, "
                + d.quote("deleted_total") + " = " + d.quote("deleted_total") + " + ?, "
                + d.quote("pages_total") + " = " + d.quote("pages_total") + " + 1, "
                + d.quote("last_success_at") + " = ?, " + d.quote("last_attempt_at") + " = ?, "
                + d.quote("last_error") + " = NULL, " + d.quote("updated_at") + " = ? WHERE "
                + d.quote("entity") + " = ?")) {
            Timestamp now = Timestamp.from(at);
            ps.setLong(1, rowVersion);
            ps.setLong(2, rowVersion);
            ps.setLong(3, records);
            ps.setLong(4, deleted);
            ps.setTimestamp(5, now);
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.setString(8, entity);
            if (ps.executeUpdate() == 0) {
                throw new SQLException("mahak_sync_state has no row for entity " + entity);
            }
        }
    }

    /** Records the records an entity brought in its last whole cycle. */
    public void cycleFinished(String entity, long records) {
        SqlDialect d = db.dialect();
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + d.quote("mahak_sync_state") + " SET " + d.quote("last_cycle_records") + " = ? WHERE "
                + d.quote("entity") + " = ?")) {
            ps.setLong(1, records);
            ps.setString(2, entity);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw wrap("record the cycle", e);
        }
    }

    /** Notes a failed attempt (the reason scrubbed); best effort, since the database itself may be what failed. */
    public void recordFailure(Collection<String> entities, String error) {
        SqlDialect d = db.dialect();
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + d.quote("mahak_sync_state") + " SET " + d.quote("last_error") + " = ?, "
                + d.quote("last_attempt_at") + " = ? WHERE " + d.quote("entity") + " = ?")) {
            String text = error == null ? "unknown error" : Scrubber.scrub(error);
            for (String entity : entities) {
                ps.setString(1, text);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, entity);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (RuntimeException | SQLException ignored) {
            // the failure itself is logged by the caller; a dead database cannot take notes
        }
    }

    /** Sets an entity's cursor back to 0 so that its next pull is a full re-sync. */
    public boolean reset(String entity) {
        SqlDialect d = db.dialect();
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + d.quote("mahak_sync_state") + " SET " + d.quote("row_version") + " = 0, "
                + d.quote("updated_at") + " = ? WHERE " + d.quote("entity") + " = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, entity);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw wrap("reset the cursor of " + entity, e);
        }
    }

    /**
     * Puts an entity's cursor at {@code rowVersion}, lower or higher: after a re-sync or verify pass has
     * re-read the entity from version 0, the newest row version Mahak sent is where the pull goes on.
     */
    public void restart(String entity, long rowVersion) {
        SqlDialect d = db.dialect();
        cursors(List.of(entity));
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + d.quote("mahak_sync_state") + " SET " + d.quote("row_version") + " = ?, "
                + d.quote("last_error") + " = NULL, " + d.quote("updated_at") + " = ? WHERE " + d.quote("entity")
                + " = ?")) {
            ps.setLong(1, rowVersion);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, entity);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw wrap("set the cursor of " + entity, e);
        }
    }

    /** Every entity's state, by entity name. */
    public List<SyncState> states() {
        try (Connection c = connection()) {
            return read(c, null);
        } catch (SQLException e) {
            throw wrap("read mahak_sync_state", e);
        }
    }

    public Optional<SyncState> state(String entity) {
        try (Connection c = connection()) {
            return read(c, entity).stream().findFirst();
        } catch (SQLException e) {
            throw wrap("read mahak_sync_state", e);
        }
    }

    private List<SyncState> read(Connection c, String entity) throws SQLException {
        SqlDialect d = db.dialect();
        String sql = "SELECT * FROM " + d.quote("mahak_sync_state")
                + (entity == null ? "" : " WHERE " + d.quote("entity") + " = ?") + " ORDER BY " + d.quote("entity");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (entity != null) {
                ps.setString(1, entity);
            }
            List<SyncState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SyncState(rs.getString("entity"), rs.getLong("row_version"),
                            instant(rs, "last_success_at"), instant(rs, "last_attempt_at"), rs.getString("last_error"),
                            rs.getLong("records_total"), rs.getLong("deleted_total"), rs.getLong("pages_total"),
                            rs.getLong("last_cycle_records"), instant(rs, "updated_at")));
                }
            }
            return out;
        }
    }

    private Connection connection() throws SQLException {
        return db.dataSource().getConnection();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static RuntimeException wrap(String what, SQLException e) {
        if (TargetUnavailableException.isConnectionProblem(e)) {
            return new TargetUnavailableException("Cannot " + what + ": the target database is unavailable: "
                    + DatabaseReason.of(e), e);
        }
        return new IllegalStateException("Cannot " + what + ": " + DatabaseReason.of(e), DatabaseReason.withoutValues(null, e));
    }
}
