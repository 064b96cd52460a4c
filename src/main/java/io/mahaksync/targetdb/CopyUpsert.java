package io.mahaksync.targetdb;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL's bulk path for a batch of upserts: the rows are streamed with {@code COPY} into a staging table of
 * the session, then written by one guarded {@code INSERT … SELECT … ON CONFLICT} (the same guard as the row by
 * row upsert: an older row version never replaces a newer one), and the staging table is emptied. The server
 * parses one statement instead of one per row, and the driver writes text lines instead of binding parameters
 * (README.md, Benchmark, for what it gains).
 *
 * <p>The staging table is a temporary table shaped like the table when it was made, named after the table and its
 * column list; its rows go at every commit and it lives as long as the pooled connection. The caller deduplicates
 * ids (one statement cannot update a row twice) and runs each batch inside a savepoint: a refused value fails the
 * batch like a refused JDBC batch, and the caller stores its rows one by one and {@linkplain #discard() discards}
 * the staging table, so that one made before an operator changed a column's type is made again.
 */
public final class CopyUpsert implements BulkUpsert {

    private static final int INITIAL_CHARS = 32 * 1024;
    private static final int MAX_KEPT_CHARS = 8 * 1024 * 1024;

    private final CopyManager copy;
    private final Connection connection;
    private final String create;
    private final String copyIn;
    private final String insert;
    private final String clear;
    private final String drop;
    private final int width;
    private boolean created;
    /** The batch as COPY text: reused from batch to batch of the page. */
    private StringBuilder text = new StringBuilder(INITIAL_CHARS);

    public CopyUpsert(Connection connection, String table, String keyColumn, List<String> columns) throws SQLException {
        SqlDialect d = SqlDialect.POSTGRESQL;
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.width = columns.size();
        String stage = d.quote(table + "_stage_" + Integer.toHexString(columns.hashCode()));
        this.create = "CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " (LIKE " + d.quote(table)
                + ") ON COMMIT DELETE ROWS";
        this.drop = "DROP TABLE IF EXISTS " + stage;
        this.copyIn = "COPY " + stage + " (" + d.list(columns) + ") FROM STDIN";
        this.insert = d.upsertFrom(table, stage, keyColumn, columns);
        // DELETE, not TRUNCATE: for a batch's few hundred rows of a temporary table it was measured faster
        // (TRUNCATE gives the table a new file each time)
        this.clear = "DELETE FROM " + stage;
    }

    @Override
    public void upsert(List<Object[]> rows) throws SQLException {
        StringBuilder text = this.text;
        text.setLength(0);
        for (Object[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException("A row of " + row.length + " values for " + width + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                appendValue(text, row[i]);
            }
            text.append('\n');
        }
        if (!created) {
            try (Statement s = connection.createStatement()) {
                s.execute(create);
            }
            created = true;
        }
        // String.getBytes is the JDK's intrinsic encoder: a CharsetEncoder loop into a reused buffer took about a
        // tenth of a 1,000,000-record pull's samples (JFR)
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn in = copy.copyIn(copyIn);
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        if (text.capacity() > MAX_KEPT_CHARS) {
            this.text = new StringBuilder(INITIAL_CHARS); // one huge batch does not keep its buffer for ever
        }
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(insert);
            s.execute(clear);
        }
    }

    /** Drops the staging table (after a refused batch, its savepoint rolled back): the next batch makes it anew. */
    @Override
    public void discard() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(drop);
        }
        created = false;
    }

    /** One value in COPY's text format: \N for null, backslash escapes for the characters that delimit. */
    static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Boolean b) {
            text.append(b ? 't' : 'f');
        } else if (value instanceof String s) {
            appendText(text, s);
        } else if (value instanceof java.time.LocalDateTime t) {
            text.append(t); // ISO-8601 wall-clock time, as the column stores it
        } else {
            appendText(text, value.toString()); // numbers, java.sql.Timestamp
        }
    }

    private static void appendText(StringBuilder text, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
