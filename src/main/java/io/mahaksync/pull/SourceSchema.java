package io.mahaksync.pull;

import io.mahaksync.targetdb.Migration;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tables of the source-reset guard and the verify pass (version 31, listed in {@code Migrations.ALL}).
 * Never edit an applied one; add the next version instead.
 */
public final class SourceSchema {

    private SourceSchema() {
    }

    public static final Migration V31 = new Migration(31, "source identity per entity, verify runs",
            SourceSchema::createV31);

    static void createV31(Statement sql, SqlDialect d) throws SQLException {
        // Which Mahak database an entity's cursor belongs to, and why its pull is stopped (null: it is not).
        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_sync_source") + " ("
                + d.quote("entity") + " VARCHAR(64) NOT NULL PRIMARY KEY, "
                + d.quote("source_identity") + " VARCHAR(500) NULL, "
                + d.quote("stopped_reason") + " VARCHAR(2000) NULL, "
                + d.quote("stopped_at") + " " + d.timestampType() + " NULL, "
                + d.quote("updated_at") + " " + d.timestampType() + " NULL)" + d.tableOptions());
        // One row per verify (or re-sync) pass: what it compared, found and repaired.
        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_verify_run") + " ("
                + d.quote("id") + " " + d.identityColumn() + ", "
                + d.quote("entity") + " VARCHAR(64) NOT NULL, "
                + d.quote("kind") + " VARCHAR(16) NOT NULL, "
                + d.quote("state") + " VARCHAR(16) NOT NULL, "
                + d.quote("started_at") + " " + d.timestampType() + " NOT NULL, "
                + d.quote("finished_at") + " " + d.timestampType() + " NULL, "
                + d.quote("checked") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("missing") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("extra") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("stale") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("backwards") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("repaired") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("cursor_before") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("cursor_after") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("examples") + " VARCHAR(2000) NULL, "
                + d.quote("error") + " VARCHAR(2000) NULL)" + d.tableOptions());
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_verify_run_entity") + " ON "
                + d.quote("mahak_verify_run") + " (" + d.quote("entity") + ", " + d.quote("started_at") + ")");
    }
}
