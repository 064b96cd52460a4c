package io.mahaksync.targetdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A target's faster way to upsert a whole batch of rows than a JDBC batch of single-row upserts, with the same
 * guard (an older row version never replaces a newer one): PostgreSQL's {@link CopyUpsert}, MariaDB's
 * {@link MultiRowUpsert}. The caller deduplicates ids and runs each batch in a savepoint; a refused batch is
 * {@linkplain #discard() discarded} and its rows stored one by one.
 */
public interface BulkUpsert extends AutoCloseable {

    /** The target's bulk path, or null when it has none (H2: its JDBC batches are in memory already). */
    static BulkUpsert of(SqlDialect dialect, Connection connection, String table, String keyColumn, List<String> columns,
            int[] sqlTypes) throws SQLException {
        return switch (dialect) {
            case POSTGRESQL -> new CopyUpsert(connection, table, keyColumn, columns);
            case MARIADB -> new MultiRowUpsert(connection, table, keyColumn, columns, sqlTypes);
            case H2 -> null;
        };
    }

    /**
     * Upserts the rows, each an array of its column values in the order given at construction (String, Integer,
     * Long, Double, Boolean, LocalDateTime, Timestamp or null).
     */
    void upsert(List<Object[]> rows) throws SQLException;

    /** Lets go of what a refused batch may have left behind; the next batch starts afresh. */
    default void discard() throws SQLException {
    }

    @Override
    default void close() throws SQLException {
    }
}
