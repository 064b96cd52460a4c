package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.CursorMode;
import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.targetdb.EntityTables;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pull from the simulator over real HTTP into the target database (H2 here; PostgreSQL and
 * MariaDB in the subclasses), through the real routes.
 */
@QuarkusTest
class PullSyncTest extends PullScenario {

    /** Runs before each GetAllData page when set; the pull route is advised once to call it. */
    static volatile Runnable beforePage;
    private static final AtomicInteger pageCounter = new AtomicInteger();
    private static boolean advised;

    @BeforeEach
    void clean() throws Exception {
        freshStart(1500);
        beforePage = null;
        if (!advised) {
            advised = true;
            AdviceWith.adviceWith(camel, "pull-entities", a -> a.weaveByToString("To\\[direct:pull-page\\]").before()
                    .process(e -> {
                        pageCounter.incrementAndGet();
                        Runnable hook = beforePage;
                        if (hook != null) {
                            hook.run();
                        }
                    }));
        }
    }

    @Test
    void firstSyncMirrorsEveryEntityThenADeltaBringsOnlyTheChanges() throws Exception {
        pull(ENTITIES);
        for (String entity : ENTITIES) {
            assertTargetEqualsSimulator(entity);
        }

        // Change Mahak: 3 updates, 2 logical deletes, 1 insert
        List<RecordState> people = simulator.states("people").stream().filter(r -> !r.deleted()).toList();
        ObjectNode rename = JsonNodeFactory.instance.objectNode().put("firstName", "نرگس");
        for (int i = 0; i < 3; i++) {
            simulator.update("people", people.get(i).id(), rename);
        }
        simulator.delete("people", people.get(3).id());
        simulator.delete("people", people.get(4).id());
        ObjectNode inserted = simulator.insert("people", JsonNodeFactory.instance.objectNode()
                .put("firstName", "کوروش").put("lastName", "تهرانی").put("personClientId", 987654L));
        simulator.clearRequestLog();

        pull(ENTITIES);

        for (String entity : ENTITIES) {
            assertTargetEqualsSimulator(entity);
        }
        SyncState state = cursors.state("people").orElseThrow();
        assertThat(state.lastCycleRecords()).as("records the delta brought").isEqualTo(6);
        // one page with the changes, one that proves nothing is newer
        await().untilAsserted(() -> assertThat(getAllDataCalls()).isEqualTo(2));
        assertThat(text("mahak_person", "first_name", "person_id", people.get(0).id())).isEqualTo("نرگس");
        assertThat(text("mahak_person", "last_name", "person_id", inserted.get("personId").asInt())).isEqualTo("تهرانی");
        assertThat(targetStates("people")).filteredOn(r -> r.id() == people.get(3).id())
                .singleElement().extracting(RecordState::deleted).isEqualTo(true);
    }

    @Test
    void everyRowCarriesTheWallClockTimeItWasSynced() throws Exception {
        // synced_at holds no zone: it is the product's local time when the row's page was stored, on every target
        // and through every write path (JDBC batches, COPY, MariaDB's multi-row statements)
        LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        pull(List.of("people"));
        LocalDateTime after = LocalDateTime.now().plusSeconds(1);
        var d = target.dialect();
        String syncedAt = d.quote(EntityTables.SYNCED_AT_COLUMN);
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MIN(" + syncedAt + "), MAX(" + syncedAt + "), COUNT(" + syncedAt
                        + "), COUNT(*) FROM " + d.quote(catalog.get("people").table()))) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(4)).as("rows").isEqualTo(simulator.count("people"));
            assertThat(rs.getLong(3)).as("rows with synced_at").isEqualTo(rs.getLong(4));
            assertThat(rs.getTimestamp(1).toLocalDateTime()).as("earliest synced_at").isAfterOrEqualTo(before);
            assertThat(rs.getTimestamp(2).toLocalDateTime()).as("latest synced_at").isBeforeOrEqualTo(after);
        }
    }

    @Test
    void pagesUntilEveryEntityIsCaughtUp() throws Exception {
        long people = simulator.count("people");
        pull(List.of("people"));
        assertTargetEqualsSimulator("people");
        long pageSize = 40; // %test.mahak.pull.page-size
        // full pages, the last partial page, then one page that brings nothing newer
        long expectedCalls = people / pageSize + (people % pageSize == 0 ? 0 : 1) + 1;
        await().untilAsserted(() -> assertThat(getAllDataCalls()).isEqualTo(expectedCalls));
        assertThat(expectedCalls).isGreaterThan(2);
    }

    @Test
    void anInclusiveCursorNeitherLoopsNorCountsARecordTwice() throws Exception {
        simulator.faults().cursorMode(CursorMode.INCLUSIVE);
        pull(ENTITIES);
        for (String entity : ENTITIES) {
            assertTargetEqualsSimulator(entity);
        }
        long total = simulator.count("people");
        assertThat(cursors.state("people").orElseThrow().recordsTotal()).isEqualTo(total);

        RecordState one = simulator.states("people").get(7);
        simulator.update("people", one.id(), JsonNodeFactory.instance.objectNode().put("city", "شیراز"));
        pull(List.of("people"));
        assertTargetEqualsSimulator("people");
        assertThat(cursors.state("people").orElseThrow().lastCycleRecords()).isEqualTo(1);

        pull(List.of("people"));
        assertThat(cursors.state("people").orElseThrow().lastCycleRecords()).as("nothing new").isZero();
    }

    @Test
    void aTokenThatExpiresInTheMiddleOfASyncIsRenewedAndTheSyncCompletes() throws Exception {
        AtomicInteger pages = new AtomicInteger();
        beforePage = () -> {
            if (pages.incrementAndGet() == 3) {
                simulator.expireTokens(); // the server forgets the token between two pages
            }
        };
        pull(List.of("people", "orders"));
        assertTargetEqualsSimulator("people");
        await().untilAsserted(() -> assertThat(simulator.requestLog()).anyMatch(r -> r.status() == 401));
        // after the 401 the client logged in again and went on
        List<String> calls = simulator.requestLog().stream().map(r -> r.status() + " " + r.path().toLowerCase()).toList();
        int rejected = calls.indexOf(calls.stream().filter(c -> c.startsWith("401")).findFirst().orElseThrow());
        assertThat(calls.subList(rejected, calls.size())).anyMatch(c -> c.contains("login"));
    }

    @Test
    void aFailureBetweenTwoPagesKeepsRowsAndCursorConsistentAndTheRerunFinishes() throws Exception {
        AtomicInteger pages = new AtomicInteger();
        beforePage = () -> {
            if (pages.incrementAndGet() == 3) {
                simulator.fault(FaultKind.SERVER_ERROR, 0, 1000, "GetAllData", 0);
            }
        };
        assertThatThrownBy(() -> pull(List.of("people"))).hasStackTraceContaining("HTTP 500");

        // two pages stored: every row the cursor covers is there, and nothing beyond it
        long cursor = cursors.state("people").orElseThrow().rowVersion();
        List<RecordState> stored = targetStates("people");
        assertThat(stored).hasSize(80);
        List<RecordState> expected = simulator.states("people").stream().filter(r -> r.rowVersion() <= cursor).toList();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(cursors.state("people").orElseThrow().lastError()).contains("HTTP 500");

        beforePage = null;
        simulator.resetBehaviour();
        pull(List.of("people"));
        assertTargetEqualsSimulator("people");
        assertThat(cursors.state("people").orElseThrow().lastError()).isNull();
    }

    @Test
    void transientFaultsAreRetriedWithBackoffAndRetryAfterIsHonoured() throws Exception {
        simulator.fault(FaultKind.RATE_LIMIT, 0, 2, "GetAllData", 1);
        simulator.fault(FaultKind.SERVER_ERROR, 0, 1, "GetAllData", 0);
        long started = System.nanoTime();
        pull(List.of("people"));
        assertTargetEqualsSimulator("people");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two Retry-After: 1 waits")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        await().untilAsserted(() -> assertThat(simulator.requestLog()).filteredOn(r -> r.status() == 429).hasSize(2));
    }

    @Test
    void aMalformedAnswerMovesNoCursorAndSaysWhatWasWrong() throws Exception {
        simulator.fault(FaultKind.MALFORMED, 0, 1000, "GetAllData", 0);
        assertThatThrownBy(() -> pull(List.of("people", "products")))
                .hasStackTraceContaining("The GetAllData answer").hasStackTraceContaining("at line 1, column");
        assertThat(targetStates("people")).isEmpty();
        assertThat(cursors.state("people").orElseThrow().rowVersion()).isZero();
        assertThat(cursors.state("people").orElseThrow().lastError()).contains("GetAllData", "line 1, column", "nothing of this page was stored");

        simulator.resetBehaviour();
        pull(List.of("people", "products"));
        assertTargetEqualsSimulator("people");
        assertTargetEqualsSimulator("products");
    }

    private String text(String table, String column, String key, int id) throws Exception {
        var d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + d.quote(column) + " FROM " + d.quote(table) + " WHERE " + d.quote(key) + " = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
