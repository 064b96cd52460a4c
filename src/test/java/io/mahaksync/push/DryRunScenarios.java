package io.mahaksync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.targetdb.TargetDatabase;
import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mahak.dry-run=true}: one run-once cycle (pull, then the ready drops and the outbox) reads Mahak and the
 * drops, validates and batches them and says what it would send; the simulator proves nothing was sent, the
 * mirror tables and mahak_sync_state that nothing was stored, the outbox that its rows are still pending.
 */
abstract class DryRunScenarios {

    @Inject
    ProducerTemplate producer;
    @Inject
    TargetDatabase db;
    @Inject
    MahakSimulator simulator;
    @Inject
    PushSettings settings;

    static Map<String, String> dryRun(String name, Map<String, String> target) {
        Map<String, String> m = new HashMap<>(PushProfiles.push("dry-run-" + name, target));
        m.put("mahak.dry-run", "true");
        m.put("mahak.pull.entities", "people,orders");
        m.put("mahak.simulator.jdbc-url", "jdbc:h2:mem:dry-run-simulator-" + name + ";DB_CLOSE_DELAY=-1");
        return m;
    }

    public static class H2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return dryRun("h2", Map.of("mahak.target.jdbc-url", "jdbc:h2:mem:dry-run-test;DB_CLOSE_DELAY=-1"));
        }
    }

    public static class Postgres extends PostgresTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return dryRun("postgresql", super.getConfigOverrides());
        }
    }

    public static class MariaDb extends MariaDbTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return dryRun("mariadb", super.getConfigOverrides());
        }
    }

    /**
     * The PostgreSQL and MariaDB test databases keep what earlier runs and other test classes wrote, cursors and the
     * identity of another simulator among it (the pull would stop on that source reset): start from none.
     */
    @BeforeEach
    void forgetEarlierSources() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + db.dialect().quote("mahak_sync_source"));
            s.executeUpdate("DELETE FROM " + db.dialect().quote("mahak_sync_state"));
        }
    }

    @Test
    void aDryRunReadsValidatesAndBatchesButSendsStoresAndMovesNothing() throws Exception {
        long person = PushScenarios.nextId();
        long order = PushScenarios.nextId();
        long detail = PushScenarios.nextId();
        long erpPerson = PushScenarios.nextId();
        String name = "dry-" + person;
        Path drop = Files.createDirectories(settings.inbox().resolve(name));
        Files.writeString(drop.resolve("people.csv"), "personClientId,firstName\n" + person + ",آزمایشی\n,بی‌شناسه\n",
                StandardCharsets.UTF_8);
        Files.writeString(drop.resolve("orders.csv"), "orderClientId,personClientId\n" + order + "," + person + "\n");
        Files.writeString(drop.resolve("orderDetails.csv"), "orderDetailClientId,orderClientId,storeId,price,count1\n"
                + detail + "," + order + ",1,1000,1\n");
        Files.createFile(drop.resolve(PushDrops.READY));
        long outboxRow = insertOutbox(erpPerson);
        // a cursor row at 0 (the start of a first pull) is as good as none
        String cursors = "SELECT entity, row_version, records_total, last_success_at FROM mahak_sync_state "
                + "WHERE row_version > 0 OR records_total > 0 OR last_success_at IS NOT NULL ORDER BY entity";
        List<List<Object>> syncStateBefore = rows(cursors);
        long mirroredBefore = count("SELECT COUNT(*) FROM mahak_person") + count("SELECT COUNT(*) FROM mahak_order");
        long batchesBefore = count("SELECT COUNT(*) FROM mahak_push_batch");
        simulator.clearRequestLog();

        producer.requestBody("direct:pull-now", List.of("people", "orders"));
        producer.requestBody("direct:push-run-once", (Object) null);

        // Mahak was read (Login, GetAllData) but nothing was sent to it
        assertThat(simulator.requestLog()).anyMatch(r -> r.path().contains("GetAllData"));
        assertThat(simulator.requestLog()).noneMatch(r -> r.path().contains("SaveAllData") || r.path().contains("Upload"));
        assertThat(simulator.saved("people")).noneMatch(r -> r.path("personClientId").asLong() == person
                || r.path("personClientId").asLong() == erpPerson);
        // nothing stored in the mirror, no cursor moved
        assertThat(count("SELECT COUNT(*) FROM mahak_person") + count("SELECT COUNT(*) FROM mahak_order"))
                .isEqualTo(mirroredBefore);
        assertThat(rows(cursors)).isEqualTo(syncStateBefore);
        // the outbox row stays pending for a real run, unjournalled
        assertThat(rows("SELECT status, batch_id, attempts FROM mahak_outbox WHERE id = ?", outboxRow))
                .containsExactly(List.of("pending", "<null>", 0L));
        assertThat(count("SELECT COUNT(*) FROM mahak_push_batch")).isEqualTo(batchesBefore);
        // the drop stays in the inbox, unstaged, its result files saying what would be sent
        assertThat(Files.exists(drop.resolve(PushDrops.READY))).isTrue();
        assertThat(Files.exists(settings.inbox().resolve(".done").resolve(name))).isFalse();
        assertThat(count("SELECT COUNT(*) FROM mahak_push_drop WHERE name = '" + name + "'")).isZero();
        List<String> people = Files.readAllLines(drop.resolve("people.result.csv"), StandardCharsets.UTF_8);
        assertThat(people).hasSize(3);
        assertThat(people.get(1)).startsWith("2," + person + ",would send,");
        assertThat(people.get(2)).startsWith("3,,invalid,").contains("personClientId is required");
        assertThat(Files.readAllLines(drop.resolve("orderDetails.result.csv")).get(1))
                .startsWith("2," + detail + ",would send,");
        assertThat(Files.readAllLines(drop.resolve("orders.result.csv")).get(1)).startsWith("2," + order + ",would send,");
        for (String f : List.of("people.csv", "orders.csv", "orderDetails.csv", "people.result.csv",
                "orders.result.csv", "orderDetails.result.csv", PushDrops.READY)) {
            Files.delete(drop.resolve(f));
        }
        Files.delete(drop);
    }

    private long insertOutbox(long clientId) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO mahak_outbox (entity, client_id, payload) VALUES ('people', ?, ?)",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, clientId);
            ps.setString(2, "{\"firstName\":\"از ERP\"}");
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        return ((Number) rows(sql).get(0).get(0)).longValue();
    }

    private List<List<Object>> rows(String sql, Object... params) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<List<Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.add(v == null ? "<null>" : v instanceof Number n && !(v instanceof Long) ? n.longValue()
                                : v);
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
