package io.mahaksync.bench;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The database's own limit on this machine: the rows the pull stored, read back into memory, the table
 * emptied, and the same rows written again with the same native upsert statement, in JDBC batches of the
 * same size (on MariaDB one multi-row statement each, see {@link #writeMultiRow}) and one commit per page, on a
 * connection with the same driver options as the product's. No
 * HTTP, no JSON, no mapping: what is left is the database (PostgreSQL or MariaDB) and its driver.
 */
final class BareJdbcUpsert {

    private final TargetDb target;
    private final int batchSize;
    private final int rowsPerCommit;

    BareJdbcUpsert(TargetDb target, int batchSize, int rowsPerCommit) {
        this.target = target;
        this.batchSize = batchSize;
        this.rowsPerCommit = rowsPerCommit;
    }

    /** Rewrites every given entity's table; answers the rows written and the seconds spent writing only. */
    double[] run(List<String> entities) throws SQLException {
        long rows = 0;
        long nanos = 0;
        String option = target.dialect == SqlDialect.MARIADB ? "useBulkStmts=true" : "reWriteBatchedInserts=true";
        String url = target.jdbcUrl + (target.jdbcUrl.contains("?") ? "&" : "?") + option;
        try (Connection c = DriverManager.getConnection(url, target.user, "")) {
            for (String name : entities) {
                EntityDef e = TargetDb.entity(name);
                List<Object[]> data = new ArrayList<>();
                List<String> columns = new ArrayList<>();
                int[] types;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + target.q(e.table()))) {
                    ResultSetMetaData md = rs.getMetaData();
                    types = new int[md.getColumnCount()];
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        columns.add(md.getColumnName(i));
                        types[i - 1] = md.getColumnType(i);
                    }
                    int extraAt = columns.indexOf(SqlDialect.EXTRA_COLUMN);
                    while (rs.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = i == extraAt ? rs.getString(i + 1) : asBound(rs.getObject(i + 1));
                        }
                        data.add(row);
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("TRUNCATE TABLE " + target.q(e.table()));
                }
                long start = System.nanoTime();
                write(c, e, columns, types, data);
                nanos += System.nanoTime() - start;
                rows += data.size();
            }
        }
        return new double[] {rows, nanos / 1e9};
    }

    /** A value as the product binds it: wall-clock times as LocalDateTime, which both drivers encode fastest. */
    private static Object asBound(Object value) {
        return value instanceof Timestamp t ? t.toLocalDateTime() : value;
    }

    private void write(Connection c, EntityDef e, List<String> columns, int[] types, List<Object[]> data)
            throws SQLException {
        if (target.dialect == SqlDialect.MARIADB) {
            writeMultiRow(c, e, columns, types, data);
            return;
        }
        String sql = target.dialect.upsert(e.table(), e.idFieldDef().column(), columns);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int inBatch = 0;
            int sinceCommit = 0;
            for (Object[] row : data) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == null) {
                        ps.setNull(i + 1, types[i] == java.sql.Types.OTHER ? java.sql.Types.VARCHAR : types[i]);
                    } else {
                        ps.setObject(i + 1, row[i]);
                    }
                }
                ps.addBatch();
                if (++inBatch == batchSize) {
                    ps.executeBatch();
                    inBatch = 0;
                }
                if (++sinceCommit == rowsPerCommit) {
                    if (inBatch > 0) {
                        ps.executeBatch();
                        inBatch = 0;
                    }
                    c.commit();
                    sinceCommit = 0;
                }
            }
            if (inBatch > 0) {
                ps.executeBatch();
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * MariaDB: each batch as one multi-row upsert statement, which is what PostgreSQL's driver makes of a batch
     * (reWriteBatchedInserts); MariaDB's own driver sends a batch of upserts one row at a time.
     */
    private void writeMultiRow(Connection c, EntityDef e, List<String> columns, int[] types, List<Object[]> data)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            int sinceCommit = 0;
            for (int from = 0; from < data.size(); from += batchSize) {
                List<Object[]> batch = data.subList(from, Math.min(data.size(), from + batchSize));
                try (PreparedStatement ps = c.prepareStatement(target.dialect.upsertRows(e.table(),
                        e.idFieldDef().column(), columns, batch.size()))) {
                    int index = 1;
                    for (Object[] row : batch) {
                        for (int i = 0; i < row.length; i++) {
                            if (row[i] == null) {
                                ps.setNull(index++, types[i]);
                            } else {
                                ps.setObject(index++, row[i]);
                            }
                        }
                    }
                    ps.executeUpdate();
                }
                sinceCommit += batch.size();
                if (sinceCommit >= rowsPerCommit) {
                    c.commit();
                    sinceCommit = 0;
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }
}
