package io.mahaksync.targetdb;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldType;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Brings the target schema up to date at start-up: the numbered {@link Migrations} recorded in
 * {@code mahak_schema_history}, then one table per catalog entity, created when missing and
 * given any column the catalog gained since. Instances starting together take a database lock.
 */
@Singleton
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);
    private static final String HISTORY = "mahak_schema_history";

    private final EntityCatalog catalog;

    SchemaMigrator(EntityCatalog catalog) {
        this.catalog = catalog;
    }

    public void migrate(DataSource ds, SqlDialect d) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            lock(c, d);
            try {
                try (Statement sql = c.createStatement()) {
                    sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote(HISTORY) + " (" + d.quote("version")
                            + " INTEGER NOT NULL PRIMARY KEY, " + d.quote("description") + " VARCHAR(200) NOT NULL, "
                            + d.quote("applied_at") + " " + d.timestampType() + " NOT NULL)" + d.tableOptions());
                }
                Set<Integer> applied = appliedVersions(c, d);
                for (Migration m : Migrations.ALL) {
                    if (!applied.contains(m.version())) {
                        apply(c, d, m);
                    }
                }
                reconcileEntityTables(c, d);
            } finally {
                unlock(c, d);
            }
        } catch (SQLException e) {
            if (TargetUnavailableException.isConnectionProblem(e)) {
                throw new TargetUnavailableException("The target database went away while migrating: " + e.getMessage(), e);
            }
            throw new IllegalStateException("Migrating the target database failed: " + e.getMessage(), e);
        }
    }

    private void apply(Connection c, SqlDialect d, Migration m) throws SQLException {
        LOG.infof("Applying target migration V%d: %s", m.version(), m.description());
        c.setAutoCommit(false); // PostgreSQL rolls DDL back on failure; the others commit per statement
        try (Statement sql = c.createStatement()) {
            m.step().apply(sql, d);
        } catch (SQLException e) {
            c.rollback();
            c.setAutoCommit(true);
            throw e;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote(HISTORY) + " (" + d.quote("version")
                + ", " + d.quote("description") + ", " + d.quote("applied_at") + ") VALUES (?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private void reconcileEntityTables(Connection c, SqlDialect d) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (EntityDef entity : catalog.all()) {
            Map<String, String> existing = existingColumns(c, meta, entity.table());
            try (Statement sql = c.createStatement()) {
                if (existing.isEmpty()) {
                    sql.execute(EntityTables.createTable(entity, d));
                    continue;
                }
                for (Map.Entry<String, String> col : EntityTables.columns(entity, d).entrySet()) {
                    if (!existing.containsKey(col.getKey())) {
                        LOG.infof("Adding column %s.%s from the catalog", entity.table(), col.getKey());
                        sql.execute(EntityTables.addColumn(entity, col.getKey(), col.getValue(), d));
                    }
                }
                widenTextColumns(sql, entity, existing, d);
            }
        }
    }

    /**
     * Text columns created as MariaDB {@code TEXT} (64 KB) by earlier versions become {@code LONGTEXT}, so
     * that long free text is stored whole instead of refused. Only the product's own former type is
     * widened: a column an operator gave another type is left as it is.
     */
    private static void widenTextColumns(Statement sql, EntityDef entity, Map<String, String> existing, SqlDialect d)
            throws SQLException {
        if (d != SqlDialect.MARIADB) {
            return;
        }
        String wanted = d.columnType(FieldType.STRING);
        java.util.List<String> widen = EntityTables.columns(entity, d).entrySet().stream()
                .filter(col -> col.getValue().equals(wanted) && "TEXT".equals(existing.get(col.getKey())))
                .map(Map.Entry::getKey).toList();
        if (!widen.isEmpty()) {
            LOG.infof("Widening %s.%s from TEXT to %s (the table is rebuilt once)", entity.table(), widen, wanted);
            sql.execute(EntityTables.modifyColumns(entity, widen, wanted, d));
        }
    }

    /** Column name (lower case) to its type name as the database reports it (upper case). */
    private static Map<String, String> existingColumns(Connection c, DatabaseMetaData meta, String table)
            throws SQLException {
        Map<String, String> columns = new HashMap<>();
        try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), table, null)) {
            while (rs.next()) {
                columns.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        String.valueOf(rs.getString("TYPE_NAME")).toUpperCase(Locale.ROOT));
            }
        }
        return columns;
    }

    private static Set<Integer> appliedVersions(Connection c, SqlDialect d) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement sql = c.createStatement();
                ResultSet rs = sql.executeQuery("SELECT " + d.quote("version") + " FROM " + d.quote(HISTORY))) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    /** Serialises migrations of several instances on one database (DDL commits, so no row lock). */
    private static void lock(Connection c, SqlDialect d) throws SQLException {
        String sql = switch (d) {
            case POSTGRESQL -> "SELECT pg_advisory_lock(7263541)";
            case MARIADB -> "SELECT GET_LOCK('mahak_schema_migration', 120)";
            case H2 -> null; // an H2 file belongs to one process
        };
        if (sql != null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
            }
        }
    }

    private static void unlock(Connection c, SqlDialect d) throws SQLException {
        String sql = switch (d) {
            case POSTGRESQL -> "SELECT pg_advisory_unlock(7263541)";
            case MARIADB -> "SELECT RELEASE_LOCK('mahak_schema_migration')";
            case H2 -> null;
        };
        if (sql != null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
            }
        }
    }
}
