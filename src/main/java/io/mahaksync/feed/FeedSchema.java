package io.mahaksync.feed;

import io.mahaksync.targetdb.Migration;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema of the change feed (versions 75..79), listed in {@code Migrations.ALL}. Never edit an applied
 * one; add the next version instead.
 */
public final class FeedSchema {

    private FeedSchema() {
    }

    /** V75: one cursor per subscriber and entity of {@code mahak-changes:}. */
    public static final Migration V75 = new Migration(75, "change feed subscriptions", FeedSchema::createV75);

    static void createV75(Statement sql, SqlDialect d) throws SQLException {
        sql.execute("CREATE TABLE IF NOT EXISTS " + d.quote("mahak_subscription") + " ("
                + d.quote("subscriber") + " VARCHAR(128) NOT NULL, "
                + d.quote("entity") + " VARCHAR(64) NOT NULL, "
                // the highest row version delivered: the next batch starts above it
                + d.quote("row_version") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("started_from") + " VARCHAR(16) NOT NULL, "
                + d.quote("records_total") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("batches_total") + " BIGINT NOT NULL DEFAULT 0, "
                + d.quote("last_delivered_at") + " " + d.timestampType() + " NULL, "
                + d.quote("last_error") + " VARCHAR(2000) NULL, "
                + d.quote("last_error_at") + " " + d.timestampType() + " NULL, "
                + d.quote("created_at") + " " + d.timestampType() + " NOT NULL, "
                + "PRIMARY KEY (" + d.quote("subscriber") + ", " + d.quote("entity") + "))" + d.tableOptions());
    }
}
