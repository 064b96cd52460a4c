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

        StringBuilder plan = new StringBuilder();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN " + pending.windowQuery(scope))) {
            ps.setInt(1, 0);
            ps.setLong(2, 0);
            ps.setInt(3, 1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertTrue(plan.toString().startsWith("Limit"), "the window stops at its size:\n" + plan);
        // (which index: the planner's choice; here every row of the table is the drop's, so the primary key serves)
        assertFalse(plan.toString().contains("Sort"), "no sort of every pending row for each window:\n" + plan);
    }

    @AfterEach
    void removeTheBacklog() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM mahak_push_batch WHERE scope = 'drop:" + DROP_ID + "'");
            s.executeUpdate("DELETE FROM mahak_outbox WHERE drop_id = " + DROP_ID);
        }
    }

    /** Pending people of one drop, one group each, as staging writes them. */
    private void stagePeople(int rows) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mahak_outbox (entity, client_id, payload, status,"
                    + " group_key, send_rank, source, drop_id, source_file, source_row, created_at, updated_at)"
                    + " VALUES ('people', ?, ?, 'pending', ?, 0, 'csv', ?, 'people.csv', ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (int i = 0; i < rows; i++) {
                    long clientId = DROP_ID * 100 + i;
                    ps.setLong(1, clientId);
                    ps.setString(2, "{\"personClientId\":" + clientId + ",\"firstName\":\"نام " + i + "\"}");
                    ps.setString(3, "people:" + clientId);
                    ps.setLong(4, DROP_ID);
                    ps.setLong(5, i + 2);
                    ps.setTimestamp(6, now);
                    ps.setTimestamp(7, now);
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
