package io.mahaksync.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mahaksync.targetdb.TargetDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A large staged backlog on PostgreSQL: the first walk over it brings the outbox's statistics up to
 * date, so that the batch's {@code group_key IN (...)} is planned on the group index instead of a sequential read
 * of the whole outbox (which made a large drop slow down as it went). The rows are a drop's scope of their own,
 * which neither the inbox poller nor the outbox poller touches; they are removed afterwards.
 */
@QuarkusTest
@TestProfile(PushProfiles.Postgres.class)
class OutboxStatisticsPostgresTest {

    private static final long DROP_ID = 987_654_321L;
    private static final int ROWS = (int) PushPending.ANALYZE_FROM_PENDING;
    private static final int ERP_ROWS = 100;

    @Inject
    PushPending pending;
    @Inject
    TargetDatabase db;

    @Test
    void aPassOverALargeBacklogAnalysesTheOutboxAndItsGroupsAreReadThroughTheIndex() throws Exception {
        Timestamp before = new Timestamp(System.currentTimeMillis() - 1000);
        stagePeople(ROWS);

        List<PushGroup> groups = pending.nextGroups(pending.walk("drop:" + DROP_ID, true));

        assertFalse(groups.isEmpty(), "the walk hands out the backlog's first groups");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'mahak_outbox'"
                    + " AND schemaname = current_schema()")) {
                assertTrue(rs.next());
                assertNotNull(rs.getTimestamp(1), "the outbox was analysed");
                assertTrue(rs.getTimestamp(1).after(before), "analysed by this pass, not earlier: " + rs.getTimestamp(1));
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add("'people:" + (DROP_ID * 100 + ROWS - 1 - i) + "'");
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM mahak_outbox WHERE group_key IN ("
                    + String.join(", ", keys) + ") ORDER BY id")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertFalse(plan.toString().contains("Seq Scan"), "100 groups are read through an index:\n" + plan);
        }
    }

    @Test
    void theNextWindowOfAWalkIsARangeOfTheSendOrderIndexNotASortOfTheBacklog() throws Exception {
        stagePeople(ROWS);
        String scope = "drop:" + DROP_ID;
        pending.walk(scope, true); // as a walk starts: the backlog analysed

        String plan = explainWindow(scope);
        assertTrue(plan.startsWith("Limit"), "the window stops at its size:\n" + plan);
        // (which index: the planner's choice; here every row of the table is the drop's, so the primary key serves)
        assertFalse(plan.contains("Sort"), "no sort of every pending row for each window:\n" + plan);
    }

    @Test
    void theErpOutboxsWindowAmongADropsBacklogIsARangeOfTheSameSendOrderIndex() throws Exception {
        stagePeople(ROWS);
        pending.walk("drop:" + DROP_ID, true); // the drop's walk analyses the outbox
        stagePeople(ERP_ROWS, null, ROWS);

        String plan = explainWindow(OutboxStore.SCOPE_DB);

        assertTrue(plan.startsWith("Limit"), "the window stops at its size:\n" + plan);
        assertTrue(plan.contains("mahak_outbox_drop_order"), "the ERP outbox's rows are found by drop_id IS NULL in the"
                + " send-order index (its own indexes are gone), not among the drop's rows:\n" + plan);
        assertFalse(plan.contains("Sort"), "no sort of every pending row for each window:\n" + plan);
        assertFalse(plan.contains("Seq Scan"), plan);
    }

    private String explainWindow(String scope) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = WindowPlans.explain(c, pending, scope)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @AfterEach
    void removeTheBacklog() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM mahak_push_batch WHERE scope = 'drop:" + DROP_ID + "'");
            s.executeUpdate("DELETE FROM mahak_outbox WHERE drop_id = " + DROP_ID + " OR (drop_id IS NULL AND client_id"
                    + " BETWEEN " + DROP_ID * 100 + " AND " + (DROP_ID * 100 + ROWS + ERP_ROWS) + ")");
        }
    }

    /** Pending people of one drop, one group each, as staging writes them. */
    private void stagePeople(int rows) throws Exception {
        stagePeople(rows, DROP_ID, 0);
    }

    /** Pending people, one group each: of a drop, or (dropId null) of the ERP outbox, as validation leaves them. */
    private void stagePeople(int rows, Long dropId, int firstClientId) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mahak_outbox (entity, client_id, payload, status,"
                    + " group_key, send_rank, source, drop_id, source_file, source_row, created_at, updated_at)"
                    + " VALUES ('people', ?, ?, 'pending', ?, 0, ?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (int i = 0; i < rows; i++) {
                    long clientId = DROP_ID * 100 + firstClientId + i;
                    ps.setLong(1, clientId);
                    ps.setString(2, "{\"personClientId\":" + clientId + ",\"firstName\":\"نام " + i + "\"}");
                    ps.setString(3, "people:" + clientId);
                    ps.setString(4, dropId == null ? OutboxStore.SCOPE_DB : OutboxStaging.SOURCE_CSV);
                    if (dropId == null) {
                        ps.setNull(5, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(5, dropId);
                    }
                    ps.setString(6, dropId == null ? null : "people.csv");
                    ps.setLong(7, i + 2);
                    ps.setTimestamp(8, now);
                    ps.setTimestamp(9, now);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
