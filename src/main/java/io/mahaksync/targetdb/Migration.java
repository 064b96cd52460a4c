package io.mahaksync.targetdb;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * One numbered, never-edited schema change. It receives the dialect so that one migration serves
 * H2, PostgreSQL and MariaDB. Add new ones to {@link Migrations#ALL}; never change an applied one:
 * Flyway runs each as a Java migration whose checksum is that of the SQL it sends (see
 * {@link SchemaMigrator}), so a changed one stops start-up. A step that must read the database to
 * decide its SQL gets a checksum from its version and description instead.
 */
public record Migration(int version, String description, Step step) {

    @FunctionalInterface
    public interface Step {
        void apply(Statement sql, SqlDialect dialect) throws SQLException;
    }
}
