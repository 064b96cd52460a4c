package io.mahaksync.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.targetdb.TargetDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the push entry tests share: the service's beans, SQL on the target, the send loop, the checks at the end. */
abstract class PushEntrySupport {


    /** Client ids unique to this run: the PostgreSQL and MariaDB test databases outlive it. */
    static final AtomicLong IDS = new AtomicLong((System.currentTimeMillis() % 10_000_000L) * 10_000L + 5_000);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CLEANED = ConcurrentHashMap.newKeySet();

    @Inject
    ProducerTemplate producer;
    @Inject
    TargetDatabase db;
    @Inject
    MahakSimulator simulator;

    /** The simulator starts empty on every run; the PostgreSQL and MariaDB targets keep what earlier runs wrote. */
    @BeforeEach
    void forgetEarlierRuns() throws SQLException {
        if (!CLEANED.add(getClass().getName())) {
            return;
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            prepareTables(s);
            for (String table : tablesToEmpty()) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    /** Tables a test class needs besides the service's own, created before the first test. */
    void prepareTables(Statement s) throws SQLException {
    }

    /** Tables emptied before the first test of a class. */
    List<String> tablesToEmpty() {
        return List.of("mahak_outbox", "mahak_push_batch", "mahak_id_map");
    }

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "demo-admin-password");
    }

    List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        return io.mahaksync.testsupport.Rows.query(db.dataSource(), sql, params);
    }

    Map<String, Object> outboxRow(long id) throws SQLException {
        return query("SELECT * FROM mahak_outbox WHERE id = ?", id).get(0);
    }

    long outboxRows() throws SQLException {
        return ((Number) query("SELECT COUNT(*) AS n FROM mahak_outbox").get(0).get("n")).longValue();
    }

    List<ObjectNode> savedPeople(long clientId) {
        return simulator.saved("people").stream().filter(r -> r.path("personClientId").asLong() == clientId).toList();
    }

    /** The outbox send loop (the push-outbox timer) runs while {@code body} does, as it does in service. */
    void withSendLoop(ThrowingRunnable body) throws Exception {
        producer.getCamelContext().getRouteController().startRoute("push-outbox");
        try {
            body.run();
        } finally {
            producer.getCamelContext().getRouteController().stopRoute("push-outbox");
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Waits until the row is sent, then checks that Mahak holds the record under the server id written back. */
    void awaitSentWithServerId(long outboxId, long clientId) throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "sent".equals(outboxRow(outboxId).get("status")));
        Map<String, Object> row = outboxRow(outboxId);
        assertThat(row.get("server_id")).as("server id written back").isNotNull();
        List<ObjectNode> saved = savedPeople(clientId);
        assertThat(saved).as("saved once in Mahak").hasSize(1);
        assertThat(saved.get(0).path("personId").asLong()).isEqualTo(((Number) row.get("server_id")).longValue());
    }

}
