package io.mahaksync.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.mahaksync.ops.leader.LeaseTable;
import io.mahaksync.targetdb.TargetDatabase;
import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The running service with {@code mahak.leader.mode=database} on PostgreSQL: it takes the
 * {@code mahak} lease, steps down while another replica holds it (the admin API then sends the
 * operator to that replica), and takes it back once that lease lapses.
 */
@QuarkusTest
@TestProfile(OpsDatabaseLeaderTest.DatabaseLeader.class)
class OpsDatabaseLeaderTest {

    static final String ME = "ops-test-replica-1";

    public static class DatabaseLeader implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>(new PostgresTarget().getConfigOverrides());
            c.put("mahak.leader.mode", "database");
            c.put("mahak.leader.holder-id", ME);
            c.put("mahak.leader.lease-duration", "PT3S");
            c.put("mahak.leader.renew-interval", "PT0.5S");
            return c;
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    @Inject
    TargetDatabase db;

    @Test
    void leadsStepsDownForAnotherReplicaAndTakesOverWhenItsLeaseLapses() throws Exception {
        LeaseTable leases = new LeaseTable(db.dataSource(), db.dialect());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(leases.find("mahak")).get().extracting(LeaseTable.Lease::holder).isEqualTo(ME);
            assertThat(metrics()).contains("mahak_leader{namespace=\"mahak\"} 1.0");
        });

        // Another replica holds the lease (as if this one had lost the database for a while).
        setLease("other-replica-7", System.currentTimeMillis() + 4_000);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(metrics()).contains("mahak_leader{namespace=\"mahak\"} 0.0"));
        given().auth().preemptive().basic("admin", "demo-admin-password").post("/admin/pull/people").then()
                .statusCode(409).body("error", containsString("other-replica-7"));

        // Its lease lapses without renewal: this instance takes over.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(leases.find("mahak")).get().extracting(LeaseTable.Lease::holder).isEqualTo(ME);
            assertThat(metrics()).contains("mahak_leader{namespace=\"mahak\"} 1.0");
        });
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private void setLease(String holder, long expiresAt) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE mahak_lease SET holder = ?, expires_at = ? WHERE name = 'mahak'")) {
            ps.setString(1, holder);
            ps.setLong(2, expiresAt);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
