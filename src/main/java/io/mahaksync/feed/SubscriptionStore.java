package io.mahaksync.feed;

import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The cursors of the change feed's subscribers, one row per subscriber and entity in
 * {@code mahak_subscription}. A cursor is the highest row version delivered; it moves only after the
 * exchange that carried a batch completed, and only from the value that batch was read at.
 */
final class SubscriptionStore {

    private static final int TEXT_MAX = 2000;

    private final SqlDialect d;

    SubscriptionStore(SqlDialect dialect) {
        this.d = dialect;
    }

    /** The stored cursor, or empty for a subscriber this entity has not seen yet. */
    OptionalLong cursor(Connection c, String subscriber, String entity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + d.quote("row_version") + " FROM "
                + d.quote("mahak_subscription") + " WHERE " + d.quote("subscriber") + " = ? AND " + d.quote("entity")
                + " = ?")) {
            ps.setString(1, subscriber);
            ps.setString(2, entity);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Registers a new subscriber at {@code rowVersion}; when another instance registered it first, its
     * row stands. Returns the cursor stored afterwards.
     */
    long register(Connection c, String subscriber, String entity, long rowVersion, String startedFrom)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("mahak_subscription") + " ("
                + d.quote("subscriber") + ", " + d.quote("entity") + ", " + d.quote("row_version") + ", "
                + d.quote("started_from") + ", " + d.quote("created_at") + ") VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, subscriber);
            ps.setString(2, entity);
            ps.setLong(3, rowVersion);
            ps.setString(4, startedFrom);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            OptionalLong existing = cursor(c, subscriber, entity);
            if (existing.isEmpty()) {
                throw e;
            }
            return existing.getAsLong();
        }
        return rowVersion;
    }

    /**
     * Moves the cursor from {@code from} to {@code to} after a delivered batch; false when the cursor was no
     * longer at {@code from} (moved by another instance or an operator), in which case nothing changes.
     */
    boolean advance(Connection c, String subscriber, String entity, long from, long to, int records)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_subscription") + " SET "
                + d.quote("row_version") + " = ?, " + d.quote("records_total") + " = " + d.quote("records_total")
                + " + ?, " + d.quote("batches_total") + " = " + d.quote("batches_total") + " + 1, "
                + d.quote("last_delivered_at") + " = ?, " + d.quote("last_error") + " = NULL, "
                + d.quote("last_error_at") + " = NULL WHERE " + d.quote("subscriber") + " = ? AND "
                + d.quote("entity") + " = ? AND " + d.quote("row_version") + " = ?")) {
            ps.setLong(1, to);
            ps.setLong(2, records);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, subscriber);
            ps.setString(5, entity);
            ps.setLong(6, from);
            return ps.executeUpdate() == 1;
        }
    }

    /** Why the last delivery failed; the cursor stays where it is. */
    void recordFailure(Connection c, String subscriber, String entity, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.quote("mahak_subscription") + " SET "
                + d.quote("last_error") + " = ?, " + d.quote("last_error_at") + " = ? WHERE "
                + d.quote("subscriber") + " = ? AND " + d.quote("entity") + " = ?")) {
            String text = Scrubber.scrub(reason == null ? "failed" : reason);
            ps.setString(1, text.length() > TEXT_MAX ? text.substring(0, TEXT_MAX) : text);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, subscriber);
            ps.setString(4, entity);
            ps.executeUpdate();
        }
    }
}
