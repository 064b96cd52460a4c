package io.mahaksync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.targetdb.TargetDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On MariaDB, the next window of a walk over the ERP outbox and over a drop, among each other's rows: read in the
 * send-order index's order, not sorted (a sort of every pending row of the rank for each window is what made long
 * walks slow on PostgreSQL before). The rows are a drop and client ids of their own, removed afterwards.
 */
@QuarkusTest
@TestProfile(PushProfiles.MariaDb.class)
class OutboxPlansMariaDbTest {

    private static final long DROP_ID = 424_242L;
    private static final long FIRST_CLIENT_ID = 900_000_000L;

    @Inject
    PushPending pending;
    @Inject
    TargetDatabase db;

    @Test
    void theWindowsOfTheErpOutboxAndOfADropAreReadInIndexOrder() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO mahak_outbox (entity, client_id, payload, status, group_key, send_rank, source,"
                    + " drop_id, source_file, source_row, created_at) SELECT 'people', " + FIRST_CLIENT_ID + " + seq, '{}',"
                    + " 'pending', CONCAT('people:', " + FIRST_CLIENT_ID + " + seq), 0, 'csv', " + DROP_ID + ", 'people.csv',"
                    + " seq, NOW() FROM seq_1_to_20000");
            // the ERP outbox: most of its rows sent long ago, a few pending
            s.executeUpdate("INSERT INTO mahak_outbox (entity, client_id, payload, status, group_key, send_rank, source,"
                    + " created_at) SELECT 'people', " + (FIRST_CLIENT_ID + 100_000) + " + seq, '{}', IF(seq <= 5000, 'sent',"
                    + " 'pending'), CONCAT('people:', " + (FIRST_CLIENT_ID + 100_000) + " + seq), 0, 'db', NOW()"
                    + " FROM seq_1_to_5100");
            s.execute("ANALYZE TABLE mahak_outbox");
        }

        for (String scope : new String[] {OutboxStore.SCOPE_DB, "drop:" + DROP_ID}) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = WindowPlans.explain(c, pending, scope)) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    String plan = "key " + rs.getString("key") + ", " + rs.getString("Extra");
                    assertThat(rs.getString("key")).as(scope + ": " + plan).isEqualTo("mahak_outbox_drop_order");
                    assertThat(rs.getString("Extra")).as(scope + ": no sort of the rank's pending rows per window")
                            .doesNotContain("filesort");
                }
            }
        }
    }

    @AfterEach
    void removeTheRows() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM mahak_outbox WHERE client_id BETWEEN " + FIRST_CLIENT_ID + " AND "
                    + (FIRST_CLIENT_ID + 200_000));
        }
    }
}
