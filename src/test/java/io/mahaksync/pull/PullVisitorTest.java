package io.mahaksync.pull;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mahaksync.client.TokenManager;
import io.mahaksync.simulator.RequestLog;
import io.mahaksync.simulator.store.RecordState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pull speaks to Mahak as the live service answered in 2026: V1 paths, and every GetAllData for the
 * visitor Login named, so the mirror holds what that visitor was given; an entity that stays empty is said
 * once, with the likely reason, and is no error.
 */
@QuarkusTest
class PullVisitorTest extends PullScenario {

    @Inject
    TokenManager tokens;

    @BeforeEach
    void clean() throws Exception {
        freshStart(1000);
        tokens.invalidate(null); // log in afresh, so that the Login call is seen
    }

    @Test
    void theMirrorHoldsExactlyWhatTheVisitorFromLoginWasGivenAndTheRequestsSayWho() throws Exception {
        simulator.reseed(11, 1000, 3, 0.5); // visitor 3 has half of the people and product details
        simulator.faults().requireVisitor(true); // as a strict Mahak: no currentVisitorId, no data

        pull(List.of("people", "products", "productDetails", "visitorProducts"));

        assertThat(ids("people")).isEqualTo(range(1, 50));
        assertThat(ids("productDetails")).isEqualTo(range(1, 50));
        Set<Integer> productsOfTheDetails = IntStream.rangeClosed(1, 50)
                .map(d -> simulator.record("productDetails", d).orElseThrow().path("productId").asInt()).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ids("products")).isEqualTo(productsOfTheDetails).hasSizeLessThan((int) simulator.count("products"));
        assertThat(ids("visitorProducts")).isEqualTo(range(1, 50));

        List<RequestLog.Entry> log = simulator.requestLog();
        assertThat(log).extracting(RequestLog.Entry::path).contains("/API/v3/Sync/Login")
                .doesNotContain("/API/v3/Sync/LoginV2", "/API/v3/Sync/GetAllDataV2");
        assertThat(log).filteredOn(e -> e.path().equals("/API/v3/Sync/GetAllData")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.currentVisitorId()).isEqualTo(3L));

        JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
        assertThat(ready.getLong("checks.find { it.name == 'mahak-login' }.data.visitorId")).isEqualTo(3);
        assertThat(ready.getString("checks.find { it.name == 'mahak-login' }.data.visitor"))
                .isEqualTo("visitor 3 from Login");
        JsonPath entities = admin().get("/admin/entities").then().statusCode(200).extract().jsonPath();
        assertThat(entities.getLong("find { it.entity == 'people' }.visitorId")).isEqualTo(3);
        assertThat(entities.getString("find { it.entity == 'people' }.emptyAfterFullSync")).isNull();
    }

    @Test
    void anEntityEmptyAfterItsFirstFullSyncIsSaidOnceWithTheLikelyReasonAndIsNoError() throws Exception {
        pull(List.of("products")); // products arrive: nothing to say
        assertThat(ids("products")).isNotEmpty();

        freshStart(1000);
        simulator.reseed(11, 1000, 3, 0.0); // visitor 3 was given nothing
        List<String> said = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String text = r.getParameters() == null ? r.getMessage()
                        : String.format(r.getMessage(), r.getParameters());
                if (text.contains("empty after its first full sync")) {
                    said.add(text);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(EmptyEntities.class.getName());
        logger.addHandler(capture);
        try {
            pull(List.of("products", "cheques"));
            pull(List.of("products", "cheques"));
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(said).filteredOn(l -> l.startsWith("products ")).singleElement().asString()
                .contains("visitor 3", "Bazara", "not an error");
        assertThat(said).filteredOn(l -> l.startsWith("cheques ")).singleElement().asString()
                .contains("no cheques records");

        JsonPath entities = admin().get("/admin/entities").then().statusCode(200).extract().jsonPath();
        assertThat(entities.getString("find { it.entity == 'products' }.emptyAfterFullSync"))
                .contains("no products (VisitorProducts", "visitor 3");
        assertThat(entities.getString("find { it.entity == 'products' }.lastError")).isNull();

        // once product detail 1 is assigned to visitor 3, its product arrives and the note goes
        simulator.insert("visitorProducts", JsonNodeFactory.instance.objectNode().put("productDetailId", 1)
                .put("visitorId", 3));
        pull(List.of("products"));
        int product = simulator.record("productDetails", 1).orElseThrow().path("productId").asInt();
        assertThat(ids("products")).containsExactly(product);
        await().untilAsserted(() -> assertThat(admin().get("/admin/entities").then().extract().jsonPath()
                .getString("find { it.entity == 'products' }.emptyAfterFullSync")).isNull());
    }

    private Set<Integer> ids(String entity) throws Exception {
        return targetStates(entity).stream().map(RecordState::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "demo-admin-password");
    }
}
