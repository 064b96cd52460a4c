package io.mahaksync.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.client.MahakClient;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.targetdb.TargetDatabase;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The push scenarios every target database runs, against the built-in simulator over real HTTP:
 * a drop with good and bad rows, the outbox lifecycle, a 2002 conflict under both policies, and a
 * crash between sending and writing back.
 */
abstract class PushScenarios {

    /** Client ids unique to this run: the PostgreSQL and MariaDB test databases outlive it. */
    static final AtomicLong IDS = new AtomicLong((System.currentTimeMillis() % 10_000_000L) * 10_000L);

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProducerTemplate producer;
    @Inject
    TargetDatabase db;
    @Inject
    MahakSimulator simulator;
    @Inject
    PushSettings settings;
    @Inject
    PushConflicts conflicts;
    @Inject
    OutboxStore outbox;
    @Inject
    OutboxStaging staging;
    @Inject
    PushJournal journal;
    @Inject
    PushSender sender;
    @Inject
    PushPending pending;
    @Inject
    MahakClient client;

    private static final java.util.Set<String> CLEANED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The simulator starts empty on every run while the PostgreSQL and MariaDB targets keep what earlier
     * runs wrote: cursors, id maps and the source identity of another Mahak (a people pull stopped by another test
     * class's simulator). Start each database from a clean push and sync state.
     */
    @org.junit.jupiter.api.BeforeEach
    void forgetEarlierRuns() throws SQLException {
        if (!CLEANED.add(db.describe())) {
            return;
        }
        try (Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            for (String table : List.of("mahak_outbox", "mahak_push_batch", "mahak_push_drop", "mahak_id_map",
                    "mahak_conflict", "mahak_sync_state", "mahak_sync_source", "mahak_person", "mahak_order", "mahak_order_detail",
                    "mahak_picture")) {
                s.executeUpdate("DELETE FROM " + table);
            }
            s.executeUpdate("DELETE FROM mahak_dead_letter WHERE flow = 'push'");
        }
    }

    static long nextId() {
        return IDS.incrementAndGet();
    }

    // ------------------------------------------------------------------ helpers

    Path inbox() {
        return settings.inbox();
    }

    Path drop(String name, Map<String, String> files) throws IOException {
        Path dir = inbox().resolve(name);
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }

    static void ready(Path drop) throws IOException {
        Files.createFile(drop.resolve(PushDrops.READY));
    }

    void runOnce() {
        producer.requestBody("direct:push-run-once", (Object) null);
    }

    List<String> result(String drop, String commitKey) throws IOException {
        return Files.readAllLines(inbox().resolve(".done").resolve(drop).resolve(commitKey + ".result.csv"),
                StandardCharsets.UTF_8);
    }

    List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        return io.mahaksync.testsupport.Rows.query(db.dataSource(), sql, params);
    }

    long insertOutbox(String entity, long clientId, String payload) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO mahak_outbox (entity, client_id, payload) VALUES (?, ?, ?)", new String[] {"id"})) {
            ps.setString(1, entity);
            ps.setLong(2, clientId);
            ps.setString(3, payload);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    Map<String, Object> outboxRow(long id) throws SQLException {
        return query("SELECT * FROM mahak_outbox WHERE id = ?", id).get(0);
    }

    List<ObjectNode> savedWithClientId(String entity, String clientIdField, long clientId) {
        return simulator.saved(entity).stream().filter(r -> r.path(clientIdField).asLong() == clientId).toList();
    }

    static long asLong(Object o) {
        return ((Number) o).longValue();
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    void dropWithGoodAndBadRowsIsSentRelatedAndReportedRowByRow() throws Exception {
        String name = "drop-" + nextId();
        long ali = nextId();
        long sara = nextId();
        long order = nextId();
        long d1 = nextId();
        long d2 = nextId();
        long orphan = nextId();
        Path dir = drop(name, Map.of(
                "people.csv", "\uFEFFpersonClientId,FirstName,lastName,credit,birthDate\n"
                        + ali + ",علی,رضایی,1000.5,1990-05-01\n"
                        + sara + ",\"سارا, خانم\",احمدی,,\n"
                        + "," + "بدون شناسه,x,not-a-number,\n",
                "orders.csv", "orderClientId,personClientId,orderDate,description\n"
                        + order + "," + ali + ",2024-03-01T10:15:00,سفارش نوروز\n",
                "orderDetails.csv", "orderDetailClientId,orderClientId,storeId,price,count1,description\n"
                        + d1 + "," + order + ",1,250000,2,چای\n"
                        + d2 + "," + order + ",1,90000,1,قند\n"
                        + orphan + ",999999999999,1,1,1,no such order\n"));
        assertThat(producer.getCamelContext().getRoute("push-drop")).isNotNull();
        runOnce();
        assertThat(Files.exists(dir)).as("a drop without _READY is not read").isTrue();
        assertThat(Files.exists(dir.resolve("people.result.csv"))).isFalse();

        ready(dir);
        runOnce();

        assertThat(Files.exists(dir)).isFalse();
        List<String> people = result(name, "people");
        assertThat(people.get(0)).isEqualTo(PushDrops.RESULT_HEADER);
        assertThat(people).hasSize(4);
        assertThat(people.get(1)).startsWith("2," + ali + ",sent,");
        assertThat(people.get(2)).startsWith("3," + sara + ",sent,");
        assertThat(people.get(3)).startsWith("4,,invalid,,,").contains("personClientId is required")
                .contains("credit: 'not-a-number'");
        List<String> details = result(name, "orderDetails");
        assertThat(details.get(1)).startsWith("2," + d1 + ",sent,");
        assertThat(details.get(2)).startsWith("3," + d2 + ",sent,");
        assertThat(details.get(3)).startsWith("4," + orphan + ",invalid,,,");
        assertThat(details.get(3)).contains("neither in this push nor known to Mahak");
        assertThat(result(name, "orders").get(1)).startsWith("2," + order + ",sent,");
        // Persian text survives the round trip, and the three files went in one request
        ObjectNode saved = savedWithClientId("people", "personClientId", sara).get(0);
        assertThat(saved.path("firstName").asText()).isEqualTo("سارا, خانم");
        long serverOrderId = savedWithClientId("orders", "orderClientId", order).get(0).path("orderId").asLong();
        assertThat(savedWithClientId("orderDetails", "orderDetailClientId", d1).get(0).path("orderId").asLong())
                .isEqualTo(serverOrderId);
        List<Map<String, Object>> batches = query("SELECT DISTINCT batch_id FROM mahak_outbox WHERE entity IN "
                + "('orders', 'orderDetails') AND client_id IN (?, ?, ?)", order, d1, d2);
        assertThat(batches).hasSize(1);
        // id map: server ids and row versions
        Map<String, Object> mapped = query("SELECT * FROM mahak_id_map WHERE entity = 'orders' AND client_id = ?", order)
                .get(0);
        assertThat(asLong(mapped.get("server_id"))).isEqualTo(serverOrderId);
        assertThat(mapped.get("row_version")).isNotNull();
    }

    /**
     * The inbox consumer and a run-once pass of one instance, both at work on the same ready drops (the race a
     * new user's check found): each drop is handled by exactly one of them, done with no record pending, its
     * result files complete, each client id saved once.
     */
    @Test
    void twoConsumersOfOneInstanceHandleEachDropOnce() throws Exception {
        Map<String, long[]> drops = new LinkedHashMap<>();
        for (int d = 0; d < 4; d++) {
            String name = "race-" + nextId();
            long order = nextId();
            long person = nextId();
            long[] details = {nextId(), nextId(), nextId(), nextId(), nextId()};
            StringBuilder csv = new StringBuilder("orderDetailClientId,orderClientId,storeId,price,count1\n");
            for (long detail : details) {
                csv.append(detail).append(',').append(order).append(",1,1000,1\n");
            }
            ready(drop(name, Map.of("people.csv", "personClientId,firstName\n" + person + ",مسابقه\n",
                    "orders.csv", "orderClientId,personClientId\n" + order + "," + person + "\n",
                    "orderDetails.csv", csv.toString())));
            drops.put(name, new long[] {person, order, details[0], details[1], details[2], details[3], details[4]});
        }
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> passes = List.of(two.submit(this::runOnce), two.submit(this::runOnce));
            for (java.util.concurrent.Future<?> pass : passes) {
                pass.get(120, java.util.concurrent.TimeUnit.SECONDS); // neither fails (no "Cannot write …result.csv")
            }
        } finally {
            two.shutdownNow();
        }
        for (Map.Entry<String, long[]> e : drops.entrySet()) {
            String name = e.getKey();
            long[] ids = e.getValue();
            assertThat(Files.exists(inbox().resolve(name))).as(name + " left the inbox").isFalse();
            assertThat(query("SELECT id FROM mahak_push_drop WHERE name = ?", name)).as("drop " + name + " staged once")
                    .hasSize(1);
            assertThat(result(name, "orderDetails")).hasSize(6).allMatch(l -> l.equals(PushDrops.RESULT_HEADER)
                    || l.contains(",sent,"));
            assertThat(result(name, "people")).hasSize(2);
            assertThat(savedWithClientId("people", "personClientId", ids[0])).hasSize(1);
            assertThat(savedWithClientId("orders", "orderClientId", ids[1])).hasSize(1);
            for (int i = 2; i < ids.length; i++) {
                assertThat(savedWithClientId("orderDetails", "orderDetailClientId", ids[i])).hasSize(1);
            }
        }
        assertThat(query("SELECT name FROM mahak_push_drop_claim")).as("every claim released").isEmpty();
    }

    /**
     * Two replicas on one database and one inbox: while one holds a drop's claim (and renews it), the other
     * is refused; when the holder dies (its heartbeat stops), the other takes the claim over after the lease.
     */
    @Test
    void aDropClaimedByOneReplicaIsRefusedToAnotherUntilItsHolderStopsRenewing() throws Exception {
        Path dir = drop("claimed-" + nextId(), Map.of("people.csv", "personClientId,firstName\n" + nextId() + ",x\n"));
        ready(dir);
        java.time.Duration lease = java.time.Duration.ofMillis(600);
        PushDropClaims first = new PushDropClaims(db, "replica-a", lease);
        PushDropClaims second = new PushDropClaims(db, "replica-b", lease);
        try {
            assertThat(first.claim(dir.resolve(PushDrops.READY))).isTrue();
            assertThat(first.claim(dir)).as("a second consumer of the same instance").isFalse();
            Thread.sleep(lease.toMillis() * 2); // the holder renews its heartbeat meanwhile
            assertThat(second.claim(dir)).as("held and renewed by replica-a").isFalse();
            assertThat(first.holds(dir.getFileName().toString())).isTrue();

            first.stop(); // replica-a crashes: its heartbeat stops, its claim stays in the table
            Thread.sleep(lease.toMillis() * 2);
            assertThat(second.claim(dir)).as("taken over after the lease").isTrue();
            assertThat(first.holds(dir.getFileName().toString())).as("replica-a lost it").isFalse();
            assertThat(query("SELECT owner FROM mahak_push_drop_claim WHERE name = ?", dir.getFileName().toString()))
                    .extracting(r -> r.get("owner")).containsExactly("replica-b");
            second.release(dir);
            assertThat(query("SELECT owner FROM mahak_push_drop_claim WHERE name = ?", dir.getFileName().toString()))
                    .isEmpty();
        } finally {
            first.stop();
            second.stop();
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void outboxRowsMovePendingToSentOrInvalidWithServerIdsWrittenBack() throws Exception {
        long good = nextId();
        long goodRow = insertOutbox("people", good, "{\"firstName\":\"مهدی\",\"lastName\":\"کریمی\"}");
        long badRow = insertOutbox("people", nextId(), "{\"firstName\":\"x\",\"favouriteColour\":\"blue\"}");
        long unknownEntity = insertOutbox("spaceships", nextId(), "{}");
        runOnce();
        Map<String, Object> sent = outboxRow(goodRow);
        assertThat(sent.get("status")).isEqualTo("sent");
        long serverId = asLong(sent.get("server_id"));
        assertThat(savedWithClientId("people", "personClientId", good)).singleElement()
                .satisfies(p -> assertThat(p.path("personId").asLong()).isEqualTo(serverId));
        assertThat(sent.get("row_version")).isNotNull();
        assertThat(asLong(sent.get("attempts"))).isEqualTo(1);
        assertThat(outboxRow(badRow).get("status")).isEqualTo("invalid");
        assertThat((String) outboxRow(badRow).get("last_error")).contains("unknown field 'favouriteColour'");
        assertThat((String) outboxRow(unknownEntity).get("last_error")).contains("unknown entity 'spaceships'");
    }

    @Test
    void aRejectedRecordGetsNoServerIdAndIsReplayedThroughTheAdminApiWithACorrectedClientId() throws Exception {
        long taken = nextId();
        long first = insertOutbox("people", taken, "{\"firstName\":\"اول\"}");
        runOnce();
        long holder = asLong(outboxRow(first).get("server_id"));
        // the same client id again: Mahak refuses it with 3001 and names the record that holds it
        long again = insertOutbox("people", taken, "{\"firstName\":\"دوم\"}");
        runOnce();
        Map<String, Object> rejected = outboxRow(again);
        assertThat(rejected.get("status")).isEqualTo("rejected");
        assertThat(asLong(rejected.get("error_code"))).isEqualTo(3001);
        assertThat((String) rejected.get("last_error")).contains(String.valueOf(holder));
        assertThat(rejected.get("server_id")).as("the server id Mahak named is another record's").isNull();
        long deadLetter = asLong(query("SELECT id FROM mahak_dead_letter WHERE reference = ?", "outbox:" + again)
                .get(0).get("id"));

        // a correction that is not a valid record is refused with the reason, and the dead letter keeps waiting
        admin().contentType("application/json").body("{\"personClientId\":\"soon\"}")
                .post("/admin/dead-letters/{id}/replay", deadLetter).then().statusCode(400)
                .body("error", containsString("personClientId"));
        long corrected = nextId();
        admin().contentType("application/json")
                .body("{\"personClientId\":" + corrected + ",\"firstName\":\"دوم\"}")
                .post("/admin/dead-letters/{id}/replay", deadLetter).then().statusCode(200)
                .body("result.outboxId", equalTo((int) again));
        assertThat(asLong(outboxRow(again).get("client_id"))).isEqualTo(corrected);
        runOnce();
        Map<String, Object> sent = outboxRow(again);
        assertThat(sent.get("status")).as(String.valueOf(sent.get("last_error"))).isEqualTo("sent");
        assertThat(savedWithClientId("people", "personClientId", corrected)).singleElement()
                .satisfies(p -> assertThat(p.path("personId").asLong()).isEqualTo(asLong(sent.get("server_id"))));
        assertThat(savedWithClientId("people", "personClientId", taken)).hasSize(1);
        assertThat(query("SELECT server_id FROM mahak_id_map WHERE entity = 'people' AND client_id = ?", corrected))
                .singleElement().satisfies(m -> assertThat(asLong(m.get("server_id"))).isEqualTo(asLong(sent.get("server_id"))));
    }

    static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "demo-admin-password");
    }

    /** A person sent through the outbox, then changed on the server: an update on the old row version is a 2002. */
    long[] staleUpdate(String clientFirstName) throws Exception {
        long clientId = nextId();
        long created = insertOutbox("people", clientId, "{\"firstName\":\"اول\"}");
        runOnce();
        Map<String, Object> row = outboxRow(created);
        assertThat(row.get("status")).isEqualTo("sent");
        long serverId = asLong(row.get("server_id"));
        long rowVersion = asLong(row.get("row_version"));
        simulator.update("people", (int) serverId, JSON.createObjectNode().put("firstName", "سرور"));
        long update = insertOutbox("people", clientId, "{\"personId\":" + serverId + ",\"firstName\":\"" + clientFirstName
                + "\",\"rowVersion\":" + rowVersion + "}");
        runOnce();
        return new long[] {update, serverId, clientId};
    }

    @Test
    void conflictServerWinsPullsTheServerVersionAndRecordsTheConflict() throws Exception {
        settings.setConflictPolicy(PushSettings.SERVER_WINS);
        long[] k = staleUpdate("کلاینت");
        Map<String, Object> row = outboxRow(k[0]);
        assertThat(row.get("status")).isEqualTo("conflict");
        assertThat(asLong(row.get("error_code"))).isEqualTo(2002);
        PushConflicts.Conflict conflict = conflicts.list(PushConflicts.OPEN).stream()
                .filter(c -> c.outboxId() == k[0]).findFirst().orElseThrow();
        assertThat(conflict.policy()).isEqualTo("server-wins");
        assertThat(conflict.serverId()).isEqualTo(k[1]);
        assertThat(conflict.serverRowVersion()).isGreaterThan(conflict.clientRowVersion());
        // the server's version is in the target table (direct:pull-now), the client's change is not;
        // while the pull side cannot run, the server's version is read with GetAllData and the reason says so
        if (conflict.reason().contains("pull-now failed")) {
            System.err.println("direct:pull-now did not run: " + conflict.reason());
        } else {
            assertThat(conflict.reason()).contains("server version pulled into mahak_person");
            assertThat(query("SELECT first_name FROM mahak_person WHERE person_id = ?", k[1]))
                    .singleElement().satisfies(p -> assertThat(p.get("first_name")).isEqualTo("سرور"));
        }
        assertThat(simulator.record("people", (int) k[1]).orElseThrow().path("firstName").asText()).isEqualTo("سرور");
        // an operator settles it with SolveDispute
        JsonNode answer = conflicts.solve(conflict.id());
        assertThat(answer).isNotNull();
        assertThat(conflicts.find(conflict.id()).orElseThrow().status()).isEqualTo(PushConflicts.SOLVED);
    }

    @Test
    void conflictClientWinsReappliesTheChangeOnTheFreshRowVersion() throws Exception {
        settings.setConflictPolicy(PushSettings.CLIENT_WINS);
        try {
            long[] k = staleUpdate("برنده");
            Map<String, Object> row = outboxRow(k[0]);
            assertThat(row.get("status")).isEqualTo("sent");
            assertThat(simulator.record("people", (int) k[1]).orElseThrow().path("firstName").asText()).isEqualTo("برنده");
            assertThat(conflicts.list(PushConflicts.RESENT)).anyMatch(c -> c.outboxId() == k[0]);
            assertThat(savedWithClientId("people", "personClientId", k[2])).hasSize(1);
        } finally {
            settings.setConflictPolicy(PushSettings.SERVER_WINS);
        }
    }

    @Test
    void crashBetweenSendAndWriteBackIsReconciledWithoutDuplicates() throws Exception {
        runOnce(); // nothing else pending
        long[] clientIds = {nextId(), nextId(), nextId()};
        long[] rows = new long[3];
        for (int i = 0; i < 3; i++) {
            rows[i] = insertOutbox("people", clientIds[i], "{\"firstName\":\"crash " + i + "\"}");
        }
        staging.validateNew();
        // what the service does up to the moment the process dies: the walk's batch, journal (which counts the first
        // attempt in the same commit), send
        PushWalk walk = pending.walk(OutboxStore.SCOPE_DB, true);
        PushBatchDraft draft = new PushBatchDraft(OutboxStore.SCOPE_DB);
        pending.nextGroups(walk).forEach(draft::add);
        PushBatch batch = journal.open(draft);
        assertThat(batch.rows()).hasSize(3);
        assertThat(journal.find(batch.batchId()).orElseThrow().attempts()).as("counted before the request leaves")
                .isEqualTo(1);
        assertThat(client.call("SaveAllData", sender.commitData(batch)).result()).isTrue();
        // ... killed before the results were written: the journal says sending, the rows are pending
        assertThat(journal.find(batch.batchId()).orElseThrow().state()).isEqualTo(PushJournal.SENDING);
        assertThat(outboxRow(rows[0]).get("status")).isEqualTo("pending");

        runOnce(); // after the restart

        assertThat(journal.find(batch.batchId()).orElseThrow().state()).isEqualTo(PushJournal.RECONCILED);
        for (int i = 0; i < 3; i++) {
            List<ObjectNode> saved = savedWithClientId("people", "personClientId", clientIds[i]);
            assertThat(saved).as("records in Mahak with client id " + clientIds[i]).hasSize(1);
            Map<String, Object> row = outboxRow(rows[i]);
            assertThat(row.get("status")).isEqualTo("sent");
            assertThat(asLong(row.get("server_id"))).isEqualTo(saved.get(0).path("personId").asLong());
        }
    }

    @Test
    void aBatchClaimsOnlyTheRowsNoOtherBatchHolds() throws Exception {
        runOnce(); // nothing else pending
        long[] rows = new long[3];
        for (int i = 0; i < 3; i++) {
            rows[i] = insertOutbox("people", nextId(), "{\"firstName\":\"claim " + i + "\"}");
        }
        staging.validateNew();
        PushWalk walk = pending.walk(OutboxStore.SCOPE_DB, true);
        List<PushGroup> groups = pending.nextGroups(walk);
        // another consumer journals the first record's batch first
        PushBatchDraft theirs = new PushBatchDraft(OutboxStore.SCOPE_DB);
        groups.stream().filter(g -> !g.isEnd() && g.rows().get(0).id() == rows[0]).forEach(theirs::add);
        PushBatch first = journal.open(theirs);
        assertThat(first.rows()).extracting(OutboxRow::id).containsExactly(rows[0]);

        PushBatchDraft mine = new PushBatchDraft(OutboxStore.SCOPE_DB);
        groups.forEach(mine::add);
        PushBatch second = journal.open(mine);
        assertThat(second.rows()).extracting(OutboxRow::id).containsExactly(rows[1], rows[2]);
        assertThat(outboxRow(rows[0]).get("batch_id")).isEqualTo(first.batchId());
        assertThat(outboxRow(rows[2]).get("batch_id")).isEqualTo(second.batchId());
        assertThat(journal.open(mine)).as("nothing left to claim").isNull();
        assertThat(journal.find(second.batchId()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(journal.find(second.batchId()).orElseThrow().outboxIds()).as("the journal lists the rows it claimed")
                .isEqualTo(rows[1] + "," + rows[2]);
        // the first as a version before V91 journalled it: no ids listed, its rows found by their batch_id
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE mahak_push_batch SET outbox_ids = NULL WHERE batch_id = ?")) {
            ps.setString(1, first.batchId());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        runOnce(); // both journalled batches are settled (nothing of them had landed) and sent once
        for (long row : rows) {
            assertThat(outboxRow(row).get("status")).isEqualTo("sent");
        }
    }

    /** Log records of the push classes while {@code body} runs, as an operator would read them. */
    static List<String> logOf(ThrowingRunnable body) throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                Object[] params = r.getParameters();
                String text = r.getMessage();
                try {
                    text = params == null || params.length == 0 ? text : String.format(text, params);
                } catch (java.util.IllegalFormatException e) {
                    // not a printf pattern: keep the raw message
                }
                lines.add(r.getLevel() + " " + text);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger push = java.util.logging.Logger.getLogger("io.mahaksync.push");
        push.addHandler(handler);
        try {
            body.run();
        } finally {
            push.removeHandler(handler);
        }
        return lines;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void symbolicLinksInTheInboxAreReportedAndNeverFollowed() throws Exception {
        long id = nextId();
        long outsideRow = nextId();
        long insideRow = nextId();
        Files.createDirectories(inbox());
        Path outside = Files.createDirectories(inbox().toAbsolutePath().resolveSibling("push-outside-" + id));
        // a drop folder that is a link to a folder elsewhere, ready and holding a valid record
        Path foreignDrop = Files.createDirectories(outside.resolve("drop"));
        Files.writeString(foreignDrop.resolve("people.csv"), "personClientId,firstName\n" + outsideRow + ",بیرونی\n");
        Files.createFile(foreignDrop.resolve(PushDrops.READY));
        Path linkedDrop = Files.createSymbolicLink(inbox().toAbsolutePath().resolve("linked-" + id), foreignDrop);
        // files elsewhere that a drop links to
        Path passwd = Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Path secret = Files.write(outside.resolve("secret.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 9, 9});
        Path keep = Files.writeString(outside.resolve("keep.txt"), "keep me");
        String name = "links-" + id;
        Path dir = drop(name, Map.of(
                "people.csv", "personClientId,firstName\n" + insideRow + ",درونی\n",
                "uploads.csv", "fileName\nsecret.png\n"));
        Files.createSymbolicLink(dir.resolve("products.csv"), passwd);
        Files.createSymbolicLink(dir.resolve("secret.png"), secret);
        Files.createSymbolicLink(dir.resolve("people.result.csv"), keep);
        ready(dir);
        simulator.clearRequestLog();
        try {
            List<String> log = logOf(this::runOnce);

            assertThat(savedWithClientId("people", "personClientId", outsideRow)).as("the linked drop is not read").isEmpty();
            assertThat(Files.isSymbolicLink(linkedDrop)).as("the linked drop stays where it is").isTrue();
            assertThat(foreignDrop.resolve("people.result.csv")).as("nothing is written through the link").doesNotExist();
            assertThat(log).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("linked-" + id, "symbolic link"));

            assertThat(result(name, "people").get(1)).startsWith("2," + insideRow + ",sent,");
            assertThat(inbox().resolve(".done").resolve(name).resolve("people.result.csv")).isRegularFile();
            assertThat(Files.readString(keep)).as("a planted result link is replaced, not written through")
                    .isEqualTo("keep me");

            List<String> products = result(name, "products");
            assertThat(products).hasSize(2);
            assertThat(products.get(1)).startsWith("0,,invalid,,,").contains("products.csv is a symbolic link")
                    .doesNotContain("root");
            List<String> uploads = result(name, "uploads");
            assertThat(uploads.get(1)).startsWith("2,0,rejected,").contains("secret.png is a symbolic link");
            assertThat(simulator.requestLog()).noneMatch(r -> r.path().contains("Upload"));
            assertThat(log).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("products.csv is a symbolic link"));
            assertThat(log).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("people.result.csv was a symbolic link"));
        } finally {
            Files.deleteIfExists(linkedDrop);
        }
    }

    @Test
    void aDropFinishesWhateverItsFilesAreLongNamedHeaderOnlyOrRefusedUploads() throws Exception {
        long person = nextId();
        String name = "finish-" + person;
        String longKey = "exported-from-the-shop-floor-terminal-number-seven-on-the-twentieth-of-march-2024-people";
        Path dir = drop(name, Map.of(
                "people.csv", "personClientId,firstName\n" + person + ",کامل\n",
                "orders.csv", "orderClientId,personClientId\n",
                longKey + ".csv", "personClientId,firstName\n1,x\n",
                "uploads.csv", "fileName\nbig.bin\nsmall.png\n"));
        Files.write(dir.resolve("big.bin"), new byte[5000]); // over the simulator's 4096-byte upload limit: HTTP 413
        Files.write(dir.resolve("small.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        ready(dir);

        runOnce();

        assertThat(dir).as("the drop finished and moved to .done").doesNotExist();
        assertThat(result(name, "people").get(1)).startsWith("2," + person + ",sent,");
        assertThat(result(name, "orders")).as("a header-only file still gets its result file")
                .containsExactly(PushDrops.RESULT_HEADER);
        assertThat(result(name, longKey)).hasSize(2);
        assertThat(result(name, longKey).get(1)).contains("invalid", "unknown entity");
        assertThat(query("SELECT COUNT(*) AS n FROM mahak_outbox WHERE source_file = ?", longKey).get(0).get("n"))
                .as("the long name is stored whole").isEqualTo(1L);
        List<String> uploads = result(name, "uploads");
        assertThat(uploads.get(1)).startsWith("2,0,rejected,").contains("413");
        assertThat(uploads.get(2)).startsWith("3,0,sent,");
    }
}
