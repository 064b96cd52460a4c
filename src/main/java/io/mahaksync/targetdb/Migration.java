package io.mahaksync.targetdb;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * One numbered, never-edited schema change. It receives the dialect so that one migration serves
 * H2, PostgreSQL and MariaDB. Add new ones to {@link Migrations#ALL}; never change an applied one.
 */
public record Migration(int version, String description, Step step) {

    @FunctionalInterface
    public interface Step {
        void apply(Statement sql, SqlDialect dialect) throws SQLException;
    }
}
