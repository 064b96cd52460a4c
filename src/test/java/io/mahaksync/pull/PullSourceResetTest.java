package io.mahaksync.pull;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.ops.health.SourceResetReadiness;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.targetdb.SqlDialect;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When Mahak's data moves backwards — its database replaced (a new identity at Login), shifted down or
 * restored from an older backup (same identity, lower row versions) — nothing is missed silently: the
 * product stops the entity with the reason in health, or re-syncs it, and the verify pass repairs every
 * missing, extra or stale row. Over real HTTP against the simulator; H2 here, PostgreSQL and MariaDB in
 * the subclasses.
 */
@QuarkusTest
class PullSourceResetTest extends PullScenario {

    static final List<String> PRODUCTS = List.of("products");

    @Inject
    SourceGuard guard;
    @Inject
    EntityVerifier verifier;
    @Inject
    @org.eclipse.microprofile.health.Readiness
    SourceResetReadiness readiness;

    @BeforeEach
    void clean() throws SQLException {
        freshStart(200);
        guard.policy(SourceGuard.Policy.STOP);
    }

    /** Other tests share this target: leave no entity stopped behind. */
    @AfterEach
    void leaveNothingStopped() throws SQLException {
        guard.policy(SourceGuard.Policy.STOP);
        verifier.probeInterval(java.time.Duration.ofHours(1));
        execute("DELETE FROM " + target.dialect().quote("mahak_sync_source"));
        readiness.invalidate();
    }

    @Test
    void aReplacedMahakDatabaseStopsThePullWithTheReasonUntilAnOperatorReSyncs() throws Exception {
        pull(PRODUCTS);
        assertTargetEqualsSimulator("products");
        assertThat(guard.sources().get("products").identity())
                .isEqualTo("DatabaseId=1, SyncId=" + simulator.syncId() + ", MahakId=SIM-1");

        // Mahak's database is replaced by another one (as a restarted demo re-seeded it): new data, new identity,
        // the old sessions gone. A product changes there.
        int before = simulator.syncId();
        simulator.reseed(12, 150);
        assertThat(simulator.syncId()).isNotEqualTo(before);
        simulator.expireTokens();
        simulator.update("products", liveProduct(0), name("تغییر در پایگاه تازه"));

        pull(PRODUCTS);
        String reason = guard.stoppedEntities().get("products");
        assertThat(reason).contains("Mahak's database changed", "SyncId=" + before, "SyncId=" + simulator.syncId(),
                "POST /admin/entities/products/resync");
        JsonPath health = readiness();
        assertThat(health.getString("checks.find { it.name == 'mahak-source' }.status")).isEqualTo("DOWN");
        assertThat(health.getString("checks.find { it.name == 'mahak-source' }.data.stoppedEntities"))
                .isEqualTo("products");
        assertThat(health.getString("checks.find { it.name == 'mahak-source' }.data.products")).isEqualTo(reason);

        // Stopped means stopped: the next cycles leave products alone.
        long calls = getAllDataCalls();
        pull(PRODUCTS);
        assertThat(getAllDataCalls()).isEqualTo(calls);
        admin().get("/admin/source").then().statusCode(200);

        // The operator re-syncs: every row as the new database has it, rows it does not have marked deleted.
        JsonPath report = admin().post("/admin/entities/products/resync?wait=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getString("kind")).isEqualTo("resync");
        assertThat(report.getString("state")).isEqualTo("done");
        assertThat(report.getLong("extra")).isPositive();
        assertMirrors("products");
        assertThat(guard.stoppedEntities()).isEmpty();
        assertThat(guard.sources().get("products").identity()).contains("SyncId=" + simulator.syncId());
        assertThat(readiness().getString("checks.find { it.name == 'mahak-source' }.status")).isEqualTo("UP");

        // And the pull goes on from the new database's row versions.
        simulator.update("products", liveProduct(1), name("پس از همگام‌سازی"));
        pull(PRODUCTS);
        assertMirrors("products");
    }

    @Test
    void inResyncModeAReplacedDatabaseIsReSyncedByItself() throws Exception {
        guard.policy(SourceGuard.Policy.RESYNC);
        pull(PRODUCTS);
        simulator.reseed(13, 150);
        simulator.expireTokens();
        simulator.update("products", liveProduct(2), name("خودکار"));

        pull(PRODUCTS);
        assertThat(guard.stoppedEntities()).isEmpty();
        assertMirrors("products");
        assertThat(admin().get("/admin/entities/products/verify").then().statusCode(200).extract().jsonPath()
                .getString("[0].kind")).isEqualTo("resync");
        // the next pull is a plain delta again
        simulator.update("products", liveProduct(3), name("دوباره"));
        pull(PRODUCTS);
        assertMirrors("products");
    }

    @Test
    void verifyRepairsEveryMissingExtraAndStaleRowAndReportsThem() throws Exception {
        guard.policy(SourceGuard.Policy.RESYNC); // a row missing below the cursor also counts as going backwards
        pull(PRODUCTS);
        List<RecordState> live = simulator.states("products").stream().filter(r -> !r.deleted()).toList();
        SqlDialect d = target.dialect();
        String table = d.quote("mahak_product");
        String id = d.quote("product_id");
        execute("DELETE FROM " + table + " WHERE " + id + " = " + live.get(0).id());
        execute("UPDATE " + table + " SET " + d.quote("row_version") + " = " + d.quote("row_version") + " - 1, "
                + d.quote("name") + " = 'stale' WHERE " + id + " = " + live.get(1).id());
        execute("UPDATE " + table + " SET " + d.quote("deleted") + " = TRUE WHERE " + id + " = " + live.get(2).id());
        execute("INSERT INTO " + table + " (" + id + ", " + d.quote("row_version") + ", " + d.quote("deleted")
                + ") VALUES (999999, 5, FALSE)");

        JsonPath report = admin().post("/admin/entities/products/verify?wait=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getString("kind")).isEqualTo("verify");
        assertThat(report.getLong("checked")).isEqualTo(simulator.count("products"));
        assertThat(report.getLong("missing")).isEqualTo(1);
        assertThat(report.getLong("stale")).isEqualTo(2);
        assertThat(report.getLong("extra")).isEqualTo(1);
        assertThat(report.getLong("repaired")).isEqualTo(4);
        assertThat(report.getString("examples")).contains("missing id " + live.get(0).id(),
                "stale id " + live.get(1).id(), "extra id 999999");
        assertMirrors("products");
        assertThat(targetStates("products")).contains(new RecordState(999999, 5, true));

        // A second pass finds nothing left to repair.
        JsonPath again = admin().post("/admin/entities/products/verify?wait=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(List.of(again.getLong("missing"), again.getLong("stale"), again.getLong("extra"),
                again.getLong("repaired"))).containsOnly(0L);
        assertThat(metrics()).contains("mahak_verify_rows_total{entity=\"products\",outcome=\"stale\"}");
    }

    @Test
    void rowVersionsShiftedDownAreReportedByVerifyAndStopThePull() throws Exception {
        simulator.shiftRowVersions(100_000);
        pull(PRODUCTS);
        long cursor = cursors.state("products").orElseThrow().rowVersion();
        assertThat(cursor).isGreaterThan(100_000);

        // A restored Mahak database: every row version 100,000 lower, same identity. A change made there now
        // gets a row version far below the cursor, and a plain pull cannot see it.
        simulator.shiftRowVersions(-100_000);
        int changed = liveProduct(0);
        simulator.update("products", changed, name("پنهان زیر مکان‌نما"));
        pull(PRODUCTS);
        assertThat(storedVersion(changed)).isNotEqualTo(simulatorVersion(changed));

        JsonPath report = admin().post("/admin/entities/products/verify?wait=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getLong("backwards")).isEqualTo(simulator.count("products"));
        assertThat(report.getLong("cursorAfter")).isEqualTo(cursor); // stopped, not moved: the operator decides
        assertThat(storedVersion(changed)).isEqualTo(simulatorVersion(changed)); // the verify pass repaired it
        assertThat(guard.stoppedEntities().get("products")).contains("went backwards", "below the cursor");
        assertThat(readiness().getString("checks.find { it.name == 'mahak-source' }.status")).isEqualTo("DOWN");
        String metrics = metrics();
        assertThat(metrics).containsPattern("mahak_verify_rows_total\\{entity=\"products\",outcome=\"backwards\"\\} [1-9]");
        assertThat(metrics).containsPattern("mahak_source_resets_total\\{cause=\"backwards\",entity=\"products\"\\} [1-9]");

        admin().post("/admin/entities/products/resync?wait=true").then().statusCode(200);
        assertMirrors("products");
        assertThat(readiness().getString("checks.find { it.name == 'mahak-source' }.status")).isEqualTo("UP");
        simulator.update("products", liveProduct(1), name("دیده می‌شود"));
        pull(PRODUCTS);
        assertMirrors("products");
    }

    @Test
    void rowVersionsThatWentBackwardsAreSeenByTheNextPullWithoutAVerify() throws Exception {
        verifier.probeInterval(java.time.Duration.ZERO); // probe on every cycle (default: every 5 minutes)
        simulator.shiftRowVersions(100_000);
        pull(PRODUCTS);
        pull(PRODUCTS);
        assertThat(guard.stoppedEntities()).isEmpty();

        simulator.shiftRowVersions(-100_000);
        simulator.update("products", liveProduct(0), name("زیر مکان‌نما"));
        pull(PRODUCTS);
        assertThat(guard.stoppedEntities().get("products")).contains("went backwards",
                "is stored with row version", "but Mahak now sends", "POST /admin/entities/products/resync");
        assertThat(readiness().getString("checks.find { it.name == 'mahak-source' }.status")).isEqualTo("DOWN");
        assertThat(metrics()).containsPattern(
                "mahak_source_resets_total\\{cause=\"backwards\",entity=\"products\"\\} [1-9]");

        admin().post("/admin/entities/products/resync?wait=true").then().statusCode(200);
        pull(PRODUCTS);
        assertThat(guard.stoppedEntities()).isEmpty();
        assertMirrors("products");
    }

    @Test
    void aDatabaseRestoredFromAnOlderBackupIsFoundByVerifyAndReSyncedInResyncMode() throws Exception {
        guard.policy(SourceGuard.Policy.RESYNC);
        pull(PRODUCTS);
        simulator.snapshot();
        int rolledBack = liveProduct(0);
        simulator.update("products", rolledBack, name("بعد از پشتیبان"));
        ObjectNode inserted = simulator.insert("products", name("کالای تازه").put("productClientId", 445566L));
        // a product reaches the visitor through a detail assigned to it (VisitorProducts)
        simulator.insert("productDetails", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("productId", inserted.get("productId").asInt()).put("productDetailClientId", 445567L));
        pull(PRODUCTS);
        assertTargetEqualsSimulator("products");

        // The backup comes back: the change and the new product are gone, the counter is where it was.
        simulator.restoreSnapshot(false);
        int changedAfter = liveProduct(1);
        simulator.update("products", changedAfter, name("پس از بازگردانی"));
        pull(PRODUCTS);
        assertThat(storedVersion(changedAfter)).as("a plain pull misses it").isNotEqualTo(simulatorVersion(changedAfter));

        JsonPath report = admin().post("/admin/entities/products/verify?wait=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getLong("backwards")).isPositive();
        assertThat(report.getLong("extra")).isEqualTo(1);
        assertThat(report.getString("examples")).contains("extra id " + inserted.get("productId").asInt(),
                "stale id " + rolledBack);
        assertThat(guard.stoppedEntities()).isEmpty();
        assertMirrors("products");

        simulator.update("products", liveProduct(2), name("دیده می‌شود"));
        pull(PRODUCTS);
        assertMirrors("products");
    }

    // ------------------------------------------------------------------------------ helpers

    /**
     * The mirror holds every record Mahak has, as Mahak has it; rows Mahak no longer has are marked
     * deleted; the cursor is Mahak's newest row version.
     */
    void assertMirrors(String entity) throws SQLException {
        Map<Integer, RecordState> atMahak = simulator.states(entity).stream()
                .collect(Collectors.toMap(RecordState::id, Function.identity()));
        List<RecordState> mirror = targetStates(entity);
        assertThat(mirror.stream().filter(r -> atMahak.containsKey(r.id())).toList())
                .as("rows of %s that Mahak has", entity)
                .containsExactlyInAnyOrderElementsOf(atMahak.values());
        assertThat(mirror.stream().filter(r -> !atMahak.containsKey(r.id())))
                .as("rows of %s that Mahak does not have", entity).allMatch(RecordState::deleted);
        long newest = atMahak.values().stream().mapToLong(RecordState::rowVersion).max().orElse(0);
        assertThat(cursors.state(entity).orElseThrow().rowVersion()).as("cursor of %s", entity).isEqualTo(newest);
    }

    private int liveProduct(int index) {
        return simulator.states("products").stream().filter(r -> !r.deleted()).toList().get(index).id();
    }

    private long simulatorVersion(int id) {
        return simulator.states("products").stream().filter(r -> r.id() == id).findFirst().orElseThrow().rowVersion();
    }

    private long storedVersion(int id) throws SQLException {
        return targetStates("products").stream().filter(r -> r.id() == id).findFirst().orElseThrow().rowVersion();
    }

    private static ObjectNode name(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private JsonPath readiness() {
        readiness.invalidate();
        return given().get("/q/health/ready").then().extract().jsonPath();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "demo-admin-password");
    }
}
