package io.mahaksync.ops;

import io.mahaksync.targetdb.Migration;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema changes of the operations side (versions 30..39), listed in {@code Migrations.ALL}.
 * Never edit an applied one; add the next version instead.
 */
public final class OpsMigrations {

    private OpsMigrations() {
    }

    /** V30: the lease that elects the single active runner when {@code mahak.leader.mode=database}. */
    public static final Migration LEASE = new Migration(30, "leader lease", OpsMigrations::createLeaseTable);

    /**
     * One row per lease name (the {@code master:} namespace). {@code expires_at} is epoch milliseconds
     * so that instances in different time zones compare the same numbers.
     */
    public static void createLeaseTable(Statement sql, SqlDialect d) throws SQLException {
        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_lease") + " ("
                + d.quote("name") + " VARCHAR(128) NOT NULL PRIMARY KEY, "
                + d.quote("holder") + " VARCHAR(255) NOT NULL, "
                + d.quote("expires_at") + " BIGINT NOT NULL, "
                + d.quote("renewed_at") + " BIGINT NOT NULL)" + d.tableOptions());
    }
}
