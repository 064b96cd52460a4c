package io.mahaksync.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

import io.mahaksync.pull.CursorStore;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.TargetDatabase;
import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * The admin API, health and metrics of a real instance on PostgreSQL, pulling from the built-in
 * simulator over real HTTP.
 */
@QuarkusTest
@TestProfile(PostgresTarget.class)
class OpsAdminApiTest {

    @Inject
    DeadLetterStore deadLetters;
    @Inject
    CursorStore cursors;
    @Inject
    TargetDatabase db;
    @Inject
    CamelContext camel;

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "demo-admin-password");
    }

    @Test
    void anonymousAndWrongPasswordCallsAreRefused() {
        for (String path : List.of("/admin/entities", "/admin/dead-letters", "/admin/conflicts")) {
            given().get(path).then().statusCode(401);
            given().auth().preemptive().basic("admin", "wrong").get(path).then().statusCode(401);
        }
        given().post("/admin/pull").then().statusCode(401);
        given().post("/admin/entities/people/reset").then().statusCode(401);
        given().post("/admin/dead-letters/1/replay").then().statusCode(401);
        given().post("/admin/conflicts/1/solve").then().statusCode(401);
    }

    @Test
    void pullingOneEntityNowStoresItsRowsAndShowsInMetrics() {
        // The database outlives test runs: start people from scratch so that the pull brings rows.
        admin().post("/admin/entities/people/reset").then().statusCode(200);
        admin().post("/admin/pull/people?wait=true").then().statusCode(200)
                .body("entities[0].entity", equalTo("people"))
                .body("entities[0].upserted", greaterThan(0))
                .body("failure", equalTo(null));
        long cursor = cursors.state("people").orElseThrow().rowVersion();
        assertThat(cursor).isPositive();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("mahak_pull_records_total{entity=\"people\",outcome=\"upserted\"}");
        assertThat(metrics).contains("mahak_sync_cursor{entity=\"people\"} " + (double) cursor);
        assertThat(metrics).containsPattern("mahak_sync_lag_seconds\\{entity=\"people\"\\} [0-9]");
        assertThat(metrics).contains("mahak_client_requests_seconds_bucket{endpoint=\"GetAllData\"");
        assertThat(metrics).contains("mahak_dead_letters_waiting{flow=\"push\"}");
        assertThat(metrics).contains("mahak_leader{namespace=\"mahak\"} 1.0");
        admin().get("/admin/entities").then().statusCode(200).body("entity", hasItem("people"));
    }

    @Test
    void resetTakesOnlyCatalogEntitiesAndSetsTheCursorBackToZero() throws Exception {
        // The database outlives test runs (and the simulator's identity): start banks from scratch.
        admin().post("/admin/entities/banks/reset").then().statusCode(200);
        admin().post("/admin/pull/banks?wait=true").then().statusCode(200);
        assertThat(cursors.state("banks").orElseThrow().rowVersion()).isPositive();

        admin().post("/admin/entities/Banks/reset").then().statusCode(200)
                .body("entity", equalTo("banks")).body("state.rowVersion", equalTo(0));
        assertThat(cursors.state("banks").orElseThrow().rowVersion()).isZero();

        // Names that are not catalog entities never reach SQL: they are a 404.
        for (String bogus : List.of("nosuch", "people;DROP TABLE mahak_sync_state", "mahak_sync_state",
                "people' OR '1'='1")) {
            admin().post("/admin/entities/{e}/reset", bogus).then().statusCode(404)
                    .body("error", equalTo("unknown entity"));
            admin().post("/admin/pull/{e}", bogus).then().statusCode(404);
        }
        try (Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM mahak_sync_state")) {
            rs.next();
            assertThat(rs.getLong(1)).as("mahak_sync_state survived").isPositive();
        }
    }

    @Test
    void aParameterThatIsNotWhatItMustBeIsA400NamingItAndWhatItWas() {
        admin().get("/admin/dead-letters?limit=abc").then().statusCode(400)
                .body("error", equalTo("limit must be a whole number from 1 to 1000, was 'abc'"));
        admin().get("/admin/dead-letters?limit=0").then().statusCode(400).body("error", containsString("limit"));
        admin().get("/admin/dead-letters?limit=5000").then().statusCode(400).body("error", containsString("limit"));
        admin().get("/admin/dead-letters?limit=2").then().statusCode(200);
        admin().get("/admin/dead-letters?status=bogus").then().statusCode(400)
                .body("error", containsString("status must be one of")).body("error", containsString("'bogus'"));
        admin().get("/admin/dead-letters/abc").then().statusCode(400)
                .body("error", equalTo("id must be a positive whole number, was 'abc'"));
        admin().post("/admin/dead-letters/abc/replay").then().statusCode(400).body("error", containsString("'abc'"));
        admin().post("/admin/dead-letters/-1/discard").then().statusCode(400).body("error", containsString("'-1'"));
        admin().post("/admin/conflicts/x1/solve").then().statusCode(400).body("error", containsString("'x1'"));
        admin().post("/admin/conflicts/x1/dismiss").then().statusCode(400).body("error", containsString("'x1'"));
        admin().get("/admin/conflicts?status=closed").then().statusCode(400).body("error", containsString("'closed'"));
        admin().post("/admin/pull?wait=maybe").then().statusCode(400)
                .body("error", equalTo("wait must be true or false, was 'maybe'"));
        admin().post("/admin/pull/people?wait=yes").then().statusCode(400).body("error", containsString("'yes'"));
        // still refused before any parameter is looked at when the caller is not the admin
        given().get("/admin/dead-letters?limit=abc").then().statusCode(401);
    }

    @Test
    void deadLettersAreListedReplayedAndDiscarded() {
        long replayable = deadLetters.record(OpsTestReplayer.FLOW, "people", "ref-1", "rejected by Mahak", 3001,
                "{\"name\":\"x\"}");
        long stuck = deadLetters.record(OpsTestReplayer.FLOW, "people", "ref-2", "rejected", 3001, "unreplayable");
        long foreign = deadLetters.record("no-such-flow", null, "ref-3", "why not", null, "{}");

        admin().get("/admin/dead-letters?status=waiting&flow=" + OpsTestReplayer.FLOW).then().statusCode(200)
                .body("id", hasItem((int) replayable)).body("id", hasItem((int) stuck));
        admin().get("/admin/dead-letters?status=bogus").then().statusCode(400);
        admin().get("/admin/dead-letters/{id}", replayable).then().statusCode(200).body("reason",
                equalTo("rejected by Mahak"));
        admin().get("/admin/dead-letters/999999999").then().statusCode(404);

        admin().contentType("application/json").body("{\"name\":\"fixed\"}")
                .post("/admin/dead-letters/{id}/replay", replayable).then().statusCode(200)
                .body("replayed", equalTo(true)).body("result", containsString("fixed"));
        assertThat(deadLetters.find(replayable).orElseThrow().status()).isEqualTo(DeadLetterStore.REPLAYED);
        admin().post("/admin/dead-letters/{id}/replay", replayable).then().statusCode(409);

        admin().post("/admin/dead-letters/{id}/replay", stuck).then().statusCode(400);
        assertThat(deadLetters.find(stuck).orElseThrow().status()).isEqualTo(DeadLetterStore.WAITING);
        admin().post("/admin/dead-letters/{id}/replay", foreign).then().statusCode(501)
                .body("error", containsString("no-such-flow"));

        admin().post("/admin/dead-letters/{id}/discard", stuck).then().statusCode(200)
                .body("status", equalTo(DeadLetterStore.DISCARDED));
    }

    @Test
    void conflictsAnswerNotImplementedUntilThePushSideProvidesThem() {
        // On a build with the push side, a ConflictDesk bean answers here instead.
        int status = admin().get("/admin/conflicts").then().extract().statusCode();
        assertThat(status).isIn(200, 501);
        admin().post("/admin/conflicts/999999999/solve").then().statusCode(status == 200 ? 404 : 501);
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("mahak-target-database"))
                .body("checks.name", hasItem("mahak-login"))
                .body("checks.name", hasItem("mahak-sync-staleness"));
        String openapi = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/admin/pull/{entity}", "/admin/entities/{entity}/reset",
                "/admin/dead-letters/{id}/replay", "/admin/conflicts/{id}/solve", "scheme: basic");
    }

    @Test
    void everyRedeliveryIsCountedByRouteAndException() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ops-retry-probe").routeId("ops-retry-probe")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(2).redeliveryDelay(1))
                        .throwException(new java.io.IOException("blinked"));
            }
        });
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> camel.createProducerTemplate().sendBody("direct:ops-retry-probe", "x"))
                    .hasRootCauseMessage("blinked");
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("mahak_retries_total{exception=\"IOException\",route=\"ops-retry-probe\"} 2.0");
        } finally {
            camel.getRouteController().stopRoute("ops-retry-probe");
            camel.removeRoute("ops-retry-probe");
        }
    }

    @Test
    void masterRoutesRunInTheDefaultSingleInstanceMode() throws Exception {
        assertThat(camel.hasServices(CamelClusterService.class)).isNotEmpty();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:ops-probe:timer:probe?repeatCount=1").routeId("ops-master-probe").to("mock:ops-master");
            }
        });
        MockEndpoint mock = camel.getEndpoint("mock:ops-master", MockEndpoint.class);
        mock.expectedMessageCount(1);
        mock.assertIsSatisfied(10_000);
        camel.getRouteController().stopRoute("ops-master-probe");
        camel.removeRoute("ops-master-probe");
    }
}
