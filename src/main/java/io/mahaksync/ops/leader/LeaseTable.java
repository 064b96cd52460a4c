package io.mahaksync.ops.leader;

import io.mahaksync.targetdb.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code mahak_lease} table: who holds a named lease and until when. Taking or renewing is one
 * conditional UPDATE, so two instances racing for an expired lease cannot both win: the database
 * serialises the row update and the loser's WHERE no longer matches.
 */
public class LeaseTable {

    /** A lease as stored: its holder and when it lapses (epoch milliseconds). */
    public record Lease(String name, String holder, long expiresAtMillis) {
        public boolean heldAt(long nowMillis) {
            return !holder.isEmpty() && expiresAtMillis > nowMillis;
        }
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public LeaseTable(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Takes the lease for {@code holder} until {@code nowMillis + ttlMillis} when it is free, expired
     * or already ours (a renewal). Returns whether {@code holder} holds it now.
     */
    public boolean tryAcquire(String name, String holder, long nowMillis, long ttlMillis) throws SQLException {
        SqlDialect d = dialect;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_lease") + " SET "
                    + d.quote("holder") + " = ?, " + d.quote("expires_at") + " = ?, " + d.quote("renewed_at") + " = ? WHERE "
                    + d.quote("name") + " = ? AND (" + d.quote("holder") + " = ? OR " + d.quote("expires_at") + " <= ?)")) {
                ps.setString(1, holder);
                ps.setLong(2, nowMillis + ttlMillis);
                ps.setLong(3, nowMillis);
                ps.setString(4, name);
                ps.setString(5, holder);
                ps.setLong(6, nowMillis);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            if (find(c, name).isPresent()) {
                return false; // someone else holds it
            }
            // First use of this lease name: the primary key lets only one inserter win.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("mahak_lease") + " ("
                    + d.quote("name") + ", " + d.quote("holder") + ", " + d.quote("expires_at") + ", "
                    + d.quote("renewed_at") + ") VALUES (?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setLong(3, nowMillis + ttlMillis);
                ps.setLong(4, nowMillis);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        }
    }

    /** Gives the lease up at once (on a clean stop), so a standby need not wait for it to expire. */
    public void release(String name, String holder) throws SQLException {
        SqlDialect d = dialect;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + d.quote("mahak_lease") + " SET " + d.quote("expires_at") + " = 0 WHERE " + d.quote("name")
                + " = ? AND " + d.quote("holder") + " = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    public Optional<Lease> find(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, name);
        }
    }

    private Optional<Lease> find(Connection c, String name) throws SQLException {
        SqlDialect d = dialect;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + d.quote("holder") + ", " + d.quote("expires_at")
                + " FROM " + d.quote("mahak_lease") + " WHERE " + d.quote("name") + " = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Lease(name, rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** SQLState class 23 is an integrity violation; here it can only be the primary key. */
    private static boolean isDuplicateKey(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }
}
