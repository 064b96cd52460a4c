package io.mahaksync.targetdb;

import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.scrub.Scrubber;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter store: table {@code mahak_dead_letter}. Every record or message that could not
 * be stored or sent lands here with its payload and reason, status {@code waiting}, until an
 * operator replays it ({@code replayed}) or discards it ({@code discarded}).
 */
@Singleton
public class DeadLetterStore {

    public static final String WAITING = "waiting";
    public static final String REPLAYED = "replayed";
    public static final String DISCARDED = "discarded";

    /** One dead letter as stored. */
    public record DeadLetter(long id, Instant createdAt, String flow, String entity, String reference,
            String reason, Integer errorCode, String payload, String status, int attempts, Instant replayedAt) {
    }

    private static final int REASON_MAX = 2000;

    private final TargetDatabase db;

    DeadLetterStore(TargetDatabase db) {
        this.db = db;
    }

    /** Records a dead letter on its own connection and returns its id. */
    public long record(String flow, String entity, String reference, String reason, Integer errorCode, String payload) {
        try (Connection c = db.dataSource().getConnection()) {
            return record(c, flow, entity, reference, reason, errorCode, payload);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write to mahak_dead_letter: " + DatabaseReason.of(e),
                    DatabaseReason.withoutValues(null, e));
        }
    }

    /**
     * Records a dead letter inside the caller's transaction, so it commits with the work it belongs to.
     * The reason is scrubbed here (secrets, line breaks, length); a database error should come as
     * {@link DatabaseReason#of}, which also leaves out the values.
     */
    public long record(Connection c, String flow, String entity, String reference, String reason, Integer errorCode,
            String payload) throws SQLException {
        SqlDialect d = db.dialect();
        String sql = "INSERT INTO " + d.quote("mahak_dead_letter") + " (" + String.join(", ", d.quote("created_at"),
                d.quote("flow"), d.quote("entity"), d.quote("reference"), d.quote("reason"), d.quote("error_code"),
                d.quote("payload"), d.quote("status"), d.quote("attempts")) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)";
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, flow);
            ps.setString(3, entity);
            ps.setString(4, truncate(reference, 255));
            ps.setString(5, truncate(reason == null ? "no reason given" : Scrubber.scrub(reason), REASON_MAX));
            if (errorCode == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, errorCode);
            }
            ps.setString(7, payload);
            ps.setString(8, WAITING);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : -1;
            }
        }
    }

    /** Dead letters, newest first, optionally only those of one status and/or flow. */
    public List<DeadLetter> list(String status, String flow, int limit) {
        SqlDialect d = db.dialect();
        StringBuilder sql = new StringBuilder("SELECT * FROM " + d.quote("mahak_dead_letter") + " WHERE 1=1");
        if (status != null) {
            sql.append(" AND ").append(d.quote("status")).append(" = ?");
        }
        if (flow != null) {
            sql.append(" AND ").append(d.quote("flow")).append(" = ?");
        }
        sql.append(" ORDER BY ").append(d.quote("id")).append(" DESC LIMIT ?");
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (status != null) {
                ps.setString(i++, status);
            }
            if (flow != null) {
                ps.setString(i++, flow);
            }
            ps.setInt(i, Math.max(1, limit));
            List<DeadLetter> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_dead_letter: " + e.getMessage(), e);
        }
    }

    public Optional<DeadLetter> find(long id) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM " + d.quote("mahak_dead_letter") + " WHERE " + d.quote("id") + " = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_dead_letter: " + e.getMessage(), e);
        }
    }

    /** Marks a dead letter replayed or discarded, counting the attempt. */
    public void markStatus(long id, String status) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + d.quote("mahak_dead_letter") + " SET " + d.quote("status") + " = ?, " + d.quote("attempts")
                        + " = " + d.quote("attempts") + " + 1, " + d.quote("replayed_at") + " = ? WHERE "
                        + d.quote("id") + " = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update mahak_dead_letter: " + e.getMessage(), e);
        }
    }

    /** How many dead letters wait for an operator. */
    public long countWaiting() {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + d.quote("mahak_dead_letter") + " WHERE "
                        + d.quote("status") + " = '" + WAITING + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count mahak_dead_letter: " + e.getMessage(), e);
        }
    }

    private static DeadLetter read(ResultSet rs) throws SQLException {
        Timestamp replayed = rs.getTimestamp("replayed_at");
        int code = rs.getInt("error_code");
        Integer errorCode = rs.wasNull() ? null : code;
        return new DeadLetter(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(), rs.getString("flow"),
                rs.getString("entity"), rs.getString("reference"), rs.getString("reason"), errorCode,
                rs.getString("payload"), rs.getString("status"), rs.getInt("attempts"),
                replayed == null ? null : replayed.toInstant());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
