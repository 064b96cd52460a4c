package io.mahaksync.targetdb;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldType;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the target schema up to date at start-up with Flyway, history in {@code mahak_flyway_history}:
 * each numbered {@link Migrations} entry runs as a Flyway Java migration (checksum: its SQL on this
 * database), then the entity tables of the catalog as a repeatable migration, created when missing
 * and given any column the catalog gained since; it runs again whenever the catalog's tables change.
 * Flyway's own lock (advisory lock, named lock, table lock) lets instances starting together
 * migrate once. A database migrated before Flyway keeps its rows: the versions in its
 * {@code mahak_schema_history} are recorded in Flyway's history first, without running them again.
 */
@Singleton
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);
    /** Flyway's history; not flyway_schema_history, which the ERP sharing this schema may use itself. */
    public static final String HISTORY = "mahak_flyway_history";
    /** The history the migrator kept before Flyway; left in place, no longer written. */
    static final String LEGACY_HISTORY = "mahak_schema_history";
    static final String ENTITY_TABLES = "entity tables from the catalog";

    private final EntityCatalog catalog;

    SchemaMigrator(EntityCatalog catalog) {
        this.catalog = catalog;
    }

    public void migrate(DataSource ds, SqlDialect d) {
        try {
            adoptLegacyHistory(ds, d);
            List<JavaMigration> migrations = new ArrayList<>();
            for (Migration m : Migrations.ALL) {
                migrations.add(FlywayStep.versioned(m, d));
            }
            migrations.add(FlywayStep.repeatable(ENTITY_TABLES, entityTablesChecksum(d),
                    (sql, dialect) -> reconcileEntityTables(sql.getConnection(), dialect), d));
            if (historyUpToDate(ds, d, migrations)) {
                LOG.debug("Target schema up to date: every migration is recorded with its checksum");
                repairEntityTables(ds, d);
                return;
            }
            MigrateResult result = migrateOnce(ds, migrations.toArray(JavaMigration[]::new));
            if (result.migrationsExecuted > 0) {
                LOG.infof("Target schema migrated: %d migration(s) applied, now at version %s",
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
            // the repeatable migration has just brought the tables in line on this start: no second look
            boolean reconciledNow = result.migrations.stream().anyMatch(m -> ENTITY_TABLES.equals(m.description));
            if (!reconciledNow) {
                repairEntityTables(ds, d);
            }
        } catch (FlywayException | SQLException e) {
            SQLException sqlCause = sqlCause(e);
            if (sqlCause != null && TargetUnavailableException.isConnectionProblem(sqlCause)) {
                throw new TargetUnavailableException("The target database went away while migrating: " + e.getMessage(), e);
            }
            throw new IllegalStateException("Migrating the target database failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the history records every migration as applied with the checksum it has now (the entity tables'
     * repeatable one at its latest run) and nothing else but the baseline. Flyway would then only check exactly
     * that, so it is not started at all: loading it and taking its lock were most of a restart's migration time.
     * Anything else (no history yet, a version missing, another checksum, a failed run, a version this build does
     * not know) goes to Flyway, which applies, waits for another instance's lock, or refuses as before.
     */
    private static boolean historyUpToDate(DataSource ds, SqlDialect d, List<JavaMigration> migrations)
            throws SQLException {
        Map<String, Integer> versioned = new HashMap<>();
        Integer repeatable = null;
        try (Connection c = ds.getConnection()) {
            if (existingColumns(c, c.getMetaData(), HISTORY).isEmpty()) {
                return false;
            }
            try (Statement sql = c.createStatement(); ResultSet rs = sql.executeQuery("SELECT " + d.quote("version")
                    + ", " + d.quote("description") + ", " + d.quote("type") + ", " + d.quote("checksum") + ", "
                    + d.quote("success") + " FROM " + d.quote(HISTORY) + " ORDER BY " + d.quote("installed_rank"))) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    int checksum = rs.getInt(4);
                    Integer recorded = rs.wasNull() ? null : checksum;
                    if (!rs.getBoolean(5)) {
                        return false;
                    }
                    if (version == null) {
                        if (ENTITY_TABLES.equals(rs.getString(2))) {
                            repeatable = recorded;
                        }
                    } else if (!"BASELINE".equals(rs.getString(3))) {
                        versioned.put(version, recorded);
                    }
                }
            }
        }
        for (JavaMigration m : migrations) {
            Integer recorded = m.getVersion() == null ? repeatable : versioned.remove(m.getVersion().getVersion());
            if (recorded == null || !recorded.equals(m.getChecksum())) {
                return false;
            }
        }
        return versioned.isEmpty();
    }

    /**
     * Flyway's migrate. Two instances starting on an empty database can meet in Flyway's baseline: the
     * other one has just created the history table and not yet written its first row, and Flyway refuses
     * to baseline an empty existing table. A moment later it holds the baseline, so the migrate is tried again.
     */
    private static MigrateResult migrateOnce(DataSource ds, JavaMigration[] migrations) {
        for (int attempt = 1;; attempt++) {
            try {
                return flyway(ds).javaMigrations(migrations).load().migrate();
            } catch (FlywayException e) {
                boolean raced = String.valueOf(e.getMessage()).contains("Unable to baseline schema history table");
                if (!raced || attempt >= 10) {
                    throw e;
                }
                LOG.debugf("Another instance is creating %s; migrating again (%s)", HISTORY, e.getMessage());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Flyway as every instance runs it on the target: only the migrations given in code, no scanning. */
    static FluentConfiguration flyway(DataSource ds) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(ds)
                .table(HISTORY)
                .skipDefaultResolvers(true)
                .skipDefaultCallbacks(true)
                // The target is usually an ERP's own schema, full of its tables: start the history there at 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("before mahak-camel-sync")
                // Versions come in ranges per feature (1, 20.., 30..): a lower range may gain a
                // migration after a higher one shipped, and must still run.
                .outOfOrder(true);
    }

    /**
     * A database from before Flyway: record the versions of {@code mahak_schema_history} in Flyway's
     * history (installed by "mahak_schema_history", nothing run), so that Flyway applies only the rest.
     * Instances doing this at once are serialised by Flyway's lock like any migration.
     */
    private static void adoptLegacyHistory(DataSource ds, SqlDialect d) throws SQLException {
        Set<Integer> legacy = new TreeSet<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            if (existingColumns(c, meta, LEGACY_HISTORY).isEmpty() || !existingColumns(c, meta, HISTORY).isEmpty()) {
                return;
            }
            try (Statement sql = c.createStatement();
                    ResultSet rs = sql.executeQuery("SELECT " + d.quote("version") + " FROM " + d.quote(LEGACY_HISTORY))) {
                while (rs.next()) {
                    legacy.add(rs.getInt(1));
                }
            }
        }
        List<JavaMigration> adopted = new ArrayList<>();
        for (Migration m : Migrations.ALL) {
            if (legacy.remove(m.version())) {
                adopted.add(FlywayStep.versioned(m, d).adopted());
            }
        }
        if (!legacy.isEmpty()) {
            LOG.warnf("%s lists version(s) %s that this build does not know; they are not recorded in %s",
                    LEGACY_HISTORY, legacy, HISTORY);
        }
        LOG.infof("Recording the %d migration(s) of %s in %s", adopted.size(), LEGACY_HISTORY, HISTORY);
        flyway(ds).javaMigrations(adopted.toArray(JavaMigration[]::new))
                .installedBy(LEGACY_HISTORY)
                // another instance may have adopted them and migrated further already
                .validateOnMigrate(false)
                .load().migrate();
    }

    /** Changes whenever a table or column the catalog asks for changes, which runs the reconciliation again. */
    private int entityTablesChecksum(SqlDialect d) {
        StringBuilder ddl = new StringBuilder();
        for (EntityDef entity : catalog.all()) {
            ddl.append(EntityTables.createTable(entity, d)).append(";\n");
        }
        return SqlRecorder.crc32(ddl.toString());
    }

    /**
     * The catalog did not change, but the database's entity tables may have (a table dropped by hand,
     * a column missing, MariaDB TEXT still to widen): the migrator did this at every start, and so
     * does this, with a single metadata query when nothing differs. Every step is idempotent (IF NOT
     * EXISTS, the same type again), so instances starting together may both run it.
     */
    private void repairEntityTables(DataSource ds, SqlDialect d) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            if (!entityTablesMatchCatalog(c, d)) {
                LOG.info("The entity tables differ from the catalog; bringing them in line");
                reconcileEntityTables(c, d);
            }
        }
    }

    /** One metadata query for the columns of every table named like ours, instead of one per entity. */
    private boolean entityTablesMatchCatalog(Connection c, SqlDialect d) throws SQLException {
        Map<String, Map<String, String>> tables = new HashMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), "mahak%", null)) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new HashMap<>()).put(
                        rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        String.valueOf(rs.getString("TYPE_NAME")).toUpperCase(Locale.ROOT));
            }
        }
        for (EntityDef entity : catalog.all()) {
            Map<String, String> existing = tables.getOrDefault(entity.table(), Map.of());
            if (existing.isEmpty() || !existing.keySet().containsAll(EntityTables.columns(entity, d).keySet())
                    || !textColumnsToWiden(entity, existing, d).isEmpty()) {
                return false;
            }
        }
        return true;
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
        List<String> widen = textColumnsToWiden(entity, existing, d);
        if (!widen.isEmpty()) {
            String wanted = d.columnType(FieldType.STRING);
            LOG.infof("Widening %s.%s from TEXT to %s (the table is rebuilt once)", entity.table(), widen, wanted);
            sql.execute(EntityTables.modifyColumns(entity, widen, wanted, d));
        }
    }

    private static List<String> textColumnsToWiden(EntityDef entity, Map<String, String> existing, SqlDialect d) {
        if (d != SqlDialect.MARIADB) {
            return List.of();
        }
        String wanted = d.columnType(FieldType.STRING);
        return EntityTables.columns(entity, d).entrySet().stream()
                .filter(col -> col.getValue().equals(wanted) && "TEXT".equals(existing.get(col.getKey())))
                .map(Map.Entry::getKey).toList();
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

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
