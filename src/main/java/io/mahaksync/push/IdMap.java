package io.mahaksync.push;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code mahak_id_map}: for every record this service sent, the server id and row version Mahak gave
 * it, keyed by entity and client id. It also answers whether Mahak already knows a record.
 */
@Singleton
public class IdMap {

    /** Rows of one multi-row statement on MariaDB (five parameters each). */
    private static final int ROWS_PER_STATEMENT = 500;

    private final TargetDatabase db;

    public IdMap(TargetDatabase db) {
        this.db = db;
    }

    public record Entry(String entity, long clientId, Long serverId, Long rowVersion) {
    }

    /** Records what Mahak answered for a client id, inside the caller's transaction. */
    public void put(Connection c, String entity, long clientId, Long serverId, Long rowVersion) throws SQLException {
        SqlDialect d = db.dialect();
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement up = c.prepareStatement("UPDATE " + d.quote("mahak_id_map") + " SET "
                + d.quote("server_id") + " = COALESCE(?, " + d.quote("server_id") + "), " + d.quote("row_version")
                + " = COALESCE(?, " + d.quote("row_version") + "), " + d.quote("updated_at") + " = ? WHERE "
                + d.quote("entity") + " = ? AND " + d.quote("client_id") + " = ?")) {
            setLong(up, 1, serverId);
            setLong(up, 2, rowVersion);
            up.setTimestamp(3, now);
            up.setString(4, entity);
            up.setLong(5, clientId);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + d.quote("mahak_id_map") + " ("
                + d.quote("entity") + ", " + d.quote("client_id") + ", " + d.quote("server_id") + ", "
                + d.quote("row_version") + ", " + d.quote("updated_at") + ") VALUES (?, ?, ?, ?, ?)")) {
            ins.setString(1, entity);
            ins.setLong(2, clientId);
            setLong(ins, 3, serverId);
            setLong(ins, 4, rowVersion);
            ins.setTimestamp(5, now);
            ins.executeUpdate();
        }
    }

    /**
     * Records many answers at once (native upsert on entity and client id), in the caller's transaction: a JDBC batch
     * (on PostgreSQL rewritten into multi-row statements by its driver), on MariaDB multi-row statements.
     */
    public void putAll(Connection c, List<OutboxStore.Accepted> accepted) throws SQLException {
        if (accepted.isEmpty()) {
            return;
        }
        SqlDialect d = db.dialect();
        String cols = d.quote("entity") + ", " + d.quote("client_id") + ", " + d.quote("server_id") + ", "
                + d.quote("row_version") + ", " + d.quote("updated_at");
        if (d == SqlDialect.MARIADB) {
            putAllAtOnce(c, cols, accepted);
            return;
        }
        String sql = d == SqlDialect.H2
                ? "MERGE INTO " + d.quote("mahak_id_map") + " (" + cols + ") KEY (" + d.quote("entity") + ", "
                        + d.quote("client_id") + ") VALUES (?, ?, ?, ?, ?)"
                : "INSERT INTO " + d.quote("mahak_id_map") + " (" + cols + ") VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (" + d.quote("entity") + ", " + d.quote("client_id") + ") DO UPDATE SET "
                        + d.quote("server_id") + " = EXCLUDED." + d.quote("server_id") + ", " + d.quote("row_version")
                        + " = EXCLUDED." + d.quote("row_version") + ", " + d.quote("updated_at") + " = EXCLUDED."
                        + d.quote("updated_at");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp now = Timestamp.from(Instant.now());
            for (OutboxStore.Accepted a : accepted) {
                ps.setString(1, a.row().entity());
                ps.setLong(2, a.row().clientId());
                setLong(ps, 3, a.serverId());
                setLong(ps, 4, a.rowVersion());
                ps.setTimestamp(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * MariaDB: an answer in multi-row statements. Its driver sends a JDBC batch of {@code ON DUPLICATE KEY UPDATE}
     * one row at a time (its bulk protocol is for plain inserts), which made the id map the push's longest wait on
     * MariaDB: 500 round trips per answer. Not {@code MultiRowUpsert}: its statements guard on the row version, as
     * pulled rows must, where an answer of Mahak's always replaces what the map held.
     */
    private void putAllAtOnce(Connection c, String cols, List<OutboxStore.Accepted> accepted) throws SQLException {
        SqlDialect d = db.dialect();
        Timestamp now = Timestamp.from(Instant.now());
        for (int from = 0; from < accepted.size(); from += ROWS_PER_STATEMENT) {
            List<OutboxStore.Accepted> chunk = accepted.subList(from, Math.min(accepted.size(), from + ROWS_PER_STATEMENT));
            String sql = "INSERT INTO " + d.quote("mahak_id_map") + " (" + cols + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)"))
                    + " ON DUPLICATE KEY UPDATE " + d.quote("server_id") + " = VALUES(" + d.quote("server_id") + "), "
                    + d.quote("row_version") + " = VALUES(" + d.quote("row_version") + "), " + d.quote("updated_at")
                    + " = VALUES(" + d.quote("updated_at") + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (OutboxStore.Accepted a : chunk) {
                    ps.setString(i++, a.row().entity());
                    ps.setLong(i++, a.row().clientId());
                    setLong(ps, i++, a.serverId());
                    setLong(ps, i++, a.rowVersion());
                    ps.setTimestamp(i++, now);
                }
                ps.executeUpdate();
            }
        }
    }

    public Optional<Entry> find(String entity, long clientId) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + d.quote("server_id") + ", " + d.quote("row_version") + " FROM " + d.quote("mahak_id_map") + " WHERE "
                + d.quote("entity") + " = ? AND " + d.quote("client_id") + " = ?")) {
            ps.setString(1, entity);
            ps.setLong(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(entity, clientId, getLong(rs, 1), getLong(rs, 2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_id_map: " + e.getMessage(), e);
        }
    }

    /** Whether Mahak knows this record: it is in the id map with a server id, or in the pulled entity table. */
    public boolean knownToMahak(EntityDef entity, long clientId) {
        if (find(entity.name(), clientId).map(e -> e.serverId() != null).orElse(false)) {
            return true;
        }
        SqlDialect d = db.dialect();
        String column = entity.field(entity.clientIdField()).orElseThrow().column();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM " + d.quote(entity.table()) + " WHERE " + d.quote(column) + " = ?")) {
            ps.setLong(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false; // no pulled table for this entity yet
        }
    }

    /** The highest row version this service has seen for an entity: the pull cursor or the id map's. */
    public long highestKnownRowVersion(Connection c, String entity) throws SQLException {
        SqlDialect d = db.dialect();
        long max = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + d.quote("row_version") + ") FROM "
                + d.quote("mahak_id_map") + " WHERE " + d.quote("entity") + " = ?")) {
            ps.setString(1, entity);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    max = Math.max(max, rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + d.quote("row_version") + " FROM "
                + d.quote("mahak_sync_state") + " WHERE " + d.quote("entity") + " = ?")) {
            ps.setString(1, entity);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    max = Math.max(max, rs.getLong(1));
                }
            }
        }
        return max;
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }
}
