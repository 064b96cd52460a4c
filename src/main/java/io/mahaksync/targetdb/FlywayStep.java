package io.mahaksync.targetdb;

import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A {@link Migration.Step} as Flyway runs it: a Java migration with a version (or none: repeatable),
 * a description and a stable checksum, applied on Flyway's connection inside its transaction.
 */
final class FlywayStep implements JavaMigration {

    private final MigrationVersion version;
    private final String description;
    private final int checksum;
    private final Migration.Step step;
    private final SqlDialect dialect;

    private FlywayStep(MigrationVersion version, String description, int checksum, Migration.Step step, SqlDialect dialect) {
        this.version = version;
        this.description = description;
        this.checksum = checksum;
        this.step = step;
        this.dialect = dialect;
    }

    /**
     * A numbered migration. Its checksum is that of the SQL it sends on this database; a step that
     * needs a live database to decide its SQL gets one from its version and description instead.
     */
    static FlywayStep versioned(Migration m, SqlDialect d) {
        int checksum = SqlRecorder.checksum(m.step(), d)
                .orElseGet(() -> SqlRecorder.crc32("V" + m.version() + " " + m.description()));
        return new FlywayStep(MigrationVersion.fromVersion(Integer.toString(m.version())), m.description(), checksum,
                m.step(), d);
    }

    /** A migration Flyway runs again whenever its checksum changes. */
    static FlywayStep repeatable(String description, int checksum, Migration.Step step, SqlDialect d) {
        return new FlywayStep(null, description, checksum, step, d);
    }

    /** The same migration, recorded as applied without running: it ran before Flyway kept the history. */
    FlywayStep adopted() {
        return new FlywayStep(version, description, checksum, (sql, d) -> { }, dialect);
    }

    @Override
    public MigrationVersion getVersion() {
        return version;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return checksum;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true; // PostgreSQL rolls DDL back on failure; H2 and MariaDB commit per statement
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            step.apply(sql, dialect);
        }
    }
}
