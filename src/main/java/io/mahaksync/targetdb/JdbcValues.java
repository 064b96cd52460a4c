package io.mahaksync.targetdb;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;

/** Binds a mapped column value the way every upsert of the product does. */
public final class JdbcValues {

    private JdbcValues() {
    }

    /**
     * Binds one value: null with its SQL type; a LocalDateTime as itself (JDBC 4.2), so that a wall-clock time is
     * stored as sent, without a round trip through the JVM's time zone (which costs a zone lookup per value and
     * moves a time that falls in that zone's daylight-saving gap by an hour).
     */
    public static void bind(PreparedStatement ps, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else if (value instanceof LocalDateTime t) {
            ps.setObject(index, t);
        } else {
            ps.setObject(index, value, sqlType);
        }
    }
}
