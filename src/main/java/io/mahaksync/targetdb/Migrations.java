package io.mahaksync.targetdb;

import java.util.List;

/**
 * The product's own tables, in order. Write each step so that it can run again after a partial
 * failure (IF NOT EXISTS): MariaDB and H2 commit DDL statement by statement. Entity tables ({@code mahak_person}, ...) are not listed
 * here: they follow the catalog, see {@link EntityTables}.
 */
public final class Migrations {

    private Migrations() {
    }

    public static final List<Migration> ALL = List.of(
            new Migration(1, "sync state and dead letters", (sql, d) -> {
                // One row per entity: the cursor and the facts of the last runs.
                sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_sync_state") + " ("
                        + d.quote("entity") + " VARCHAR(64) NOT NULL PRIMARY KEY, "
                        + d.quote("row_version") + " BIGINT NOT NULL DEFAULT 0, "
                        + d.quote("last_success_at") + " " + d.timestampType() + " NULL, "
                        + d.quote("last_attempt_at") + " " + d.timestampType() + " NULL, "
                        + d.quote("last_error") + " VARCHAR(2000) NULL, "
                        + d.quote("records_total") + " BIGINT NOT NULL DEFAULT 0, "
                        + d.quote("deleted_total") + " BIGINT NOT NULL DEFAULT 0, "
                        + d.quote("pages_total") + " BIGINT NOT NULL DEFAULT 0, "
                        + d.quote("last_cycle_records") + " BIGINT NOT NULL DEFAULT 0, "
                        + d.quote("updated_at") + " " + d.timestampType() + " NULL)" + d.tableOptions());
                // Whatever could not be stored or sent, with its reason, for an operator to fix and replay.
                sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_dead_letter") + " ("
                        + d.quote("id") + " " + d.identityColumn() + ", "
                        + d.quote("created_at") + " " + d.timestampType() + " NOT NULL, "
                        + d.quote("flow") + " VARCHAR(32) NOT NULL, "
                        + d.quote("entity") + " VARCHAR(64) NULL, "
                        + d.quote("reference") + " VARCHAR(255) NULL, "
                        + d.quote("reason") + " VARCHAR(2000) NOT NULL, "
                        + d.quote("error_code") + " INTEGER NULL, "
                        + d.quote("payload") + " " + d.textType() + " NULL, "
                        + d.quote("status") + " VARCHAR(16) NOT NULL, "
                        + d.quote("attempts") + " INTEGER NOT NULL DEFAULT 0, "
                        + d.quote("replayed_at") + " " + d.timestampType() + " NULL)" + d.tableOptions());
                sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_dead_letter_status") + " ON "
                        + d.quote("mahak_dead_letter") + " (" + d.quote("status") + ", " + d.quote("flow") + ")");
            }),
            // Push (20..29): outbox, batch journal, drops, id map, conflicts; see io.mahaksync.push.PushSchema.
            new Migration(20, "push outbox, batch journal, drops, id map, conflicts",
                    io.mahaksync.push.PushSchema::createV20),
            new Migration(21, "push indexes: id map row versions, outbox send order",
                    io.mahaksync.push.PushSchema::indexV21),
            // Operations (30..39): the database lease for leader election
            io.mahaksync.ops.OpsMigrations.LEASE,
            // Source resets and the verify pass (31): which Mahak database each cursor belongs to, verify runs
            io.mahaksync.pull.SourceSchema.V31,
            new Migration(60, "push: drop file names stored whole (mahak_outbox.source_file, entity: 255)",
                    io.mahaksync.push.PushSchema::widenV60),
            // Change feed (75..79): a cursor per subscriber of mahak-changes:
            io.mahaksync.feed.FeedSchema.V75,
            new Migration(80, "push: drop claims (each drop handled by one consumer)",
                    io.mahaksync.push.PushSchema::claimsV80),
            new Migration(90, "push: a drop's batch lists its outbox ids (mahak_push_batch.outbox_ids), claimed by the journal",
                    io.mahaksync.push.PushSchema::batchIdsV90),
            new Migration(91, "push: three outbox indexes fewer (the ERP outbox read by drop_id IS NULL and its journal's ids)",
                    io.mahaksync.push.PushSchema::fewerIndexesV91));
}
