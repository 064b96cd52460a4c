package io.mahaksync.targetdb;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/** Binds a mapped column value the way every upsert of the product does. */
public final class JdbcValues {

    private JdbcValues() {
    }

    /** Binds one value (null with its SQL type; a LocalDateTime as a Timestamp of the same wall-clock time). */
    public static void bind(PreparedStatement ps, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else if (value instanceof LocalDateTime t) {
            ps.setTimestamp(index, Timestamp.valueOf(t));
        } else {
            ps.setObject(index, value, sqlType);
        }
    }
}
