package io.mahaksync.push;

import io.mahaksync.targetdb.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The push side's tables (migration V20). Documented for ERP engineers in README.md ("Push"):
 * {@code mahak_outbox} (what to send and what became of it), {@code mahak_push_batch} (the journal of
 * requests in flight), {@code mahak_push_drop} (CSV drops being processed), {@code mahak_id_map}
 * (client id to server id and row version) and {@code mahak_conflict} (2002 conflicts).
 */
public final class PushSchema {

    private PushSchema() {
    }

    /** V21: the reconciliation cursor reads the highest row version per entity from the id map. */
    public static void indexV21(Statement sql, SqlDialect d) throws SQLException {
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_id_map_row_version") + " ON " + d.quote("mahak_id_map") + " ("
                + d.quote("entity") + ", " + d.quote("row_version") + ")");
        // the next batch of a drop / of the ERP outbox: pending rows of one send rank, by id
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_outbox_drop_order") + " ON " + d.quote("mahak_outbox") + " ("
                + d.quote("drop_id") + ", " + d.quote("status") + ", " + d.quote("send_rank") + ", " + d.quote("id") + ")");
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_outbox_source_order") + " ON " + d.quote("mahak_outbox") + " ("
                + d.quote("source") + ", " + d.quote("status") + ", " + d.quote("send_rank") + ", " + d.quote("id") + ")");
    }

    /**
     * V60: a drop's file names are stored whole. {@code source_file} (and {@code entity}, which holds the
     * file's name when it names no entity) were 64 characters, so one long file name failed the whole
     * drop; 255 is the longest name a file system allows.
     */
    public static void widenV60(Statement sql, SqlDialect d) throws SQLException {
        sql.execute(widen(d, "mahak_outbox", "entity", "VARCHAR(255) NOT NULL"));
        sql.execute(widen(d, "mahak_outbox", "source_file", "VARCHAR(255) NULL"));
    }

    /**
     * V80: one row per drop being worked on, so that no two consumers (the inbox poller and run-once, or two
     * replicas) handle the same drop. {@code heartbeat_at} is epoch milliseconds, renewed by the owner while it
     * works; a claim whose heartbeat is older than {@code mahak.push.drop-claim-lease} (its owner crashed) is
     * taken over. Deleted when the drop is finished or given up.
     */
    public static void claimsV80(Statement sql, SqlDialect d) throws SQLException {
        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_push_drop_claim") + " ("
                + d.quote("name") + " VARCHAR(255) NOT NULL PRIMARY KEY, "
                + d.quote("owner") + " VARCHAR(255) NOT NULL, "
                + d.quote("claimed_at") + " BIGINT NOT NULL, "
                + d.quote("heartbeat_at") + " BIGINT NOT NULL)" + d.tableOptions());
    }

    /**
     * V90: {@code mahak_push_batch.outbox_ids}, the outbox ids of a drop's batch, comma separated. A drop is held by
     * one consumer (its claim), so its batch is claimed by the journal row alone, without an UPDATE of every record
     * before the request leaves; each record gets its {@code batch_id} with its outcome. Null for a batch of the ERP
     * outbox, whose records are claimed one by one ({@code batch_id}) since several consumers may read them (from
     * V91 such a batch lists its ids too).
     */
    public static void batchIdsV90(Statement sql, SqlDialect d) throws SQLException {
        sql.execute("ALTER TABLE " + d.quote("mahak_push_batch") + " ADD COLUMN IF NOT EXISTS " + d.quote("outbox_ids")
                + " " + payloadType(d) + " NULL");
    }

    /**
     * V91: three indexes of the outbox fewer. Every outbox row is written into every index of its table, when it is
     * staged and again with its outcome (which changes its status, so PostgreSQL cannot update it in place), and a
     * drop's rows never used these three: {@code mahak_outbox_pending} (status, source, batch_id) and
     * {@code mahak_outbox_source_order} (source, status, send_rank, id) served the ERP outbox's reads, which now name
     * {@code drop_id IS NULL} and use {@code mahak_outbox_drop_order} (drop_id, status, send_rank, id) like a drop's;
     * {@code mahak_outbox_batch} (batch_id) found an ERP batch's rows, which its journal row now lists
     * ({@code outbox_ids}) as a drop's does. A 100,000-row drop pushes about a third faster on PostgreSQL, a fifth on
     * MariaDB.
     *
     * <p>On PostgreSQL {@code mahak_outbox_drop} (drop_id, source_file, source_row) becomes partial, drops' rows only:
     * without statistics of the ERP outbox's rows, the planner took it for {@code drop_id IS NULL} and read every ERP
     * row, sent ones included, for each window. MariaDB looks into the indexes when it plans and has no partial ones.
     */
    public static void fewerIndexesV91(Statement sql, SqlDialect d) throws SQLException {
        for (String index : List.of("mahak_outbox_pending", "mahak_outbox_batch", "mahak_outbox_source_order")) {
            sql.execute("DROP INDEX IF EXISTS " + d.quote(index)
                    + (d == SqlDialect.MARIADB ? " ON " + d.quote("mahak_outbox") : ""));
        }
        if (d == SqlDialect.POSTGRESQL) {
            sql.execute("DROP INDEX IF EXISTS " + d.quote("mahak_outbox_drop"));
            sql.execute("CREATE INDEX " + d.quote("mahak_outbox_drop") + " ON " + d.quote("mahak_outbox") + " ("
                    + d.quote("drop_id") + ", " + d.quote("source_file") + ", " + d.quote("source_row") + ") WHERE "
                    + d.quote("drop_id") + " IS NOT NULL");
        }
    }

    /** ALTER … to a wider type; the same statement again is harmless. MariaDB restates the whole column. */
    private static String widen(SqlDialect d, String table, String column, String definition) {
        String type = definition.substring(0, definition.indexOf(' '));
        return "ALTER TABLE " + d.quote(table) + switch (d) {
            case H2 -> " ALTER COLUMN " + d.quote(column) + " SET DATA TYPE " + type;
            case POSTGRESQL -> " ALTER COLUMN " + d.quote(column) + " TYPE " + type;
            case MARIADB -> " MODIFY COLUMN " + d.quote(column) + " " + definition;
        };
    }

    /** H2 keeps CLOBs apart from the row, which makes every read and write of a payload slow: use VARCHAR there. */
    static String payloadType(SqlDialect d) {
        return d == SqlDialect.H2 ? "VARCHAR(1000000)" : d.textType();
    }

    public static void createV20(Statement sql, SqlDialect d) throws SQLException {
        String ts = d.timestampType();
        String now = d == SqlDialect.MARIADB ? "CURRENT_TIMESTAMP(3)" : "CURRENT_TIMESTAMP";
        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_outbox") + " ("
                + d.quote("id") + " " + d.identityColumn() + ", "
                + d.quote("entity") + " VARCHAR(64) NOT NULL, "
                + d.quote("client_id") + " BIGINT NULL, "
                + d.quote("payload") + " " + payloadType(d) + " NOT NULL, "
                + d.quote("status") + " VARCHAR(16) DEFAULT 'pending' NOT NULL, "
                + d.quote("attempts") + " INTEGER DEFAULT 0 NOT NULL, "
                + d.quote("last_error") + " VARCHAR(2000) NULL, "
                + d.quote("error_code") + " INTEGER NULL, "
                + d.quote("server_id") + " BIGINT NULL, "
                + d.quote("row_version") + " BIGINT NULL, "
                + d.quote("batch_id") + " VARCHAR(40) NULL, "
                + d.quote("group_key") + " VARCHAR(160) NULL, "
                + d.quote("send_rank") + " INTEGER NULL, "
                + d.quote("source") + " VARCHAR(16) DEFAULT 'db' NOT NULL, "
                + d.quote("drop_id") + " BIGINT NULL, "
                + d.quote("source_file") + " VARCHAR(64) NULL, "
                + d.quote("source_row") + " BIGINT NULL, "
                + d.quote("created_at") + " " + ts + " DEFAULT " + now + " NOT NULL, "
                + d.quote("updated_at") + " " + ts + " NULL)" + d.tableOptions());
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_outbox_pending") + " ON " + d.quote("mahak_outbox") + " ("
                + d.quote("status") + ", " + d.quote("source") + ", " + d.quote("batch_id") + ")");
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_outbox_batch") + " ON " + d.quote("mahak_outbox") + " ("
                + d.quote("batch_id") + ")");
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_outbox_group") + " ON " + d.quote("mahak_outbox") + " ("
                + d.quote("group_key") + ")");
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_outbox_drop") + " ON " + d.quote("mahak_outbox") + " ("
                + d.quote("drop_id") + ", " + d.quote("source_file") + ", " + d.quote("source_row") + ")");

        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_push_batch") + " ("
                + d.quote("batch_id") + " VARCHAR(40) NOT NULL PRIMARY KEY, "
                + d.quote("scope") + " VARCHAR(64) NOT NULL, "
                + d.quote("state") + " VARCHAR(16) NOT NULL, "
                + d.quote("attempts") + " INTEGER DEFAULT 0 NOT NULL, "
                + d.quote("records") + " INTEGER DEFAULT 0 NOT NULL, "
                + d.quote("cursors") + " VARCHAR(4000) NULL, "
                + d.quote("last_error") + " VARCHAR(2000) NULL, "
                + d.quote("created_at") + " " + ts + " NOT NULL, "
                + d.quote("updated_at") + " " + ts + " NULL)" + d.tableOptions());
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_push_batch_state") + " ON " + d.quote("mahak_push_batch") + " ("
                + d.quote("state") + ", " + d.quote("scope") + ")");

        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_push_drop") + " ("
                + d.quote("id") + " " + d.identityColumn() + ", "
                + d.quote("name") + " VARCHAR(255) NOT NULL, "
                + d.quote("state") + " VARCHAR(16) NOT NULL, "
                + d.quote("records") + " BIGINT DEFAULT 0 NOT NULL, "
                + d.quote("invalid") + " BIGINT DEFAULT 0 NOT NULL, "
                + d.quote("created_at") + " " + ts + " NOT NULL, "
                + d.quote("finished_at") + " " + ts + " NULL)" + d.tableOptions());

        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_id_map") + " ("
                + d.quote("entity") + " VARCHAR(64) NOT NULL, "
                + d.quote("client_id") + " BIGINT NOT NULL, "
                + d.quote("server_id") + " BIGINT NULL, "
                + d.quote("row_version") + " BIGINT NULL, "
                + d.quote("updated_at") + " " + ts + " NOT NULL, "
                + "PRIMARY KEY (" + d.quote("entity") + ", " + d.quote("client_id") + "))" + d.tableOptions());

        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_conflict") + " ("
                + d.quote("id") + " " + d.identityColumn() + ", "
                + d.quote("entity") + " VARCHAR(64) NOT NULL, "
                + d.quote("client_id") + " BIGINT NULL, "
                + d.quote("server_id") + " BIGINT NULL, "
                + d.quote("outbox_id") + " BIGINT NULL, "
                + d.quote("client_row_version") + " BIGINT NULL, "
                + d.quote("server_row_version") + " BIGINT NULL, "
                + d.quote("policy") + " VARCHAR(16) NOT NULL, "
                + d.quote("status") + " VARCHAR(16) NOT NULL, "
                + d.quote("reason") + " VARCHAR(2000) NULL, "
                + d.quote("payload") + " " + d.textType() + " NULL, "
                + d.quote("created_at") + " " + ts + " NOT NULL, "
                + d.quote("resolved_at") + " " + ts + " NULL)" + d.tableOptions());
        sql.execute("CREATE INDEX IF NOT EXISTS " + d.quote("mahak_conflict_status") + " ON " + d.quote("mahak_conflict") + " ("
                + d.quote("status") + ")");
    }
}
