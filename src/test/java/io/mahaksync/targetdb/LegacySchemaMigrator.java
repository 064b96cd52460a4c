package io.mahaksync.targetdb;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * What the migrator did before Flyway, kept to build the databases that must upgrade in place:
 * {@code mahak_schema_history (version, description, applied_at)}, each migration applied and
 * recorded there, then one table per catalog entity.
 */
final class LegacySchemaMigrator {

    private LegacySchemaMigrator() {
    }

    static void migrate(Connection c, SqlDialect d, List<Migration> migrations) throws SQLException {
        try (Statement sql = c.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_schema_history") + " (" + d.quote("version")
                    + " INTEGER NOT NULL PRIMARY KEY, " + d.quote("description") + " VARCHAR(200) NOT NULL, "
                    + d.quote("applied_at") + " " + d.timestampType() + " NOT NULL)" + d.tableOptions());
            for (Migration m : migrations) {
                m.step().apply(sql, d);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("mahak_schema_history") + " ("
                        + d.quote("version") + ", " + d.quote("description") + ", " + d.quote("applied_at")
                        + ") VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
            for (EntityDef entity : new EntityCatalog().all()) {
                sql.execute(EntityTables.createTable(entity, d));
            }
        }
    }
}
