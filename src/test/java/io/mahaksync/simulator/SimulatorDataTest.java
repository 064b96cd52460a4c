package io.mahaksync.simulator;

import static io.mahaksync.simulator.SimulatorClient.getAllData;
import static io.mahaksync.simulator.SimulatorClient.json;
import static io.mahaksync.simulator.SimulatorClient.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahaksync.simulator.store.RecordState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generated data, paging, deltas from admin mutations and the admin inspection calls. */
@QuarkusTest
class SimulatorDataTest {

    @Inject
    MahakSimulator simulator;

    String token;

    @BeforeEach
    void fresh() {
        simulator.resetBehaviour();
        simulator.reseed(21, 5000);
        token = token();
    }

    @Test
    void theSizeIsSpreadOverTheMainEntities() {
        Map<String, Long> counts = simulator.counts();
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5000);
        assertThat(counts).containsEntry("people", 500L).containsEntry("products", 400L)
                .containsEntry("productDetails", 500L).containsEntry("orders", 1000L)
                .containsEntry("orderDetails", 1500L);
        // one assignment per person and per product detail (all to the Login visitor by default)
        assertThat(counts).containsEntry("visitorPeople", 500L).containsEntry("visitorProducts", 500L);
        assertThat(counts).containsKeys("visitors", "visitorPeople", "visitorProducts", "banks", "bankGroups",
                "cashes", "stores", "units", "personGroups", "productCategories");
        simulator.reseed(1, 10);
        assertThat(simulator.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
        assertThat(simulator.counts()).containsKeys("people", "products", "productDetails", "orders", "visitors");
    }

    @Test
    void theSameSeedGivesTheSameDataAndRowVersionsAreOneCounter() {
        JsonNode first = simulator.record("people", 7).orElseThrow();
        simulator.reseed(21, 5000);
        assertThat(simulator.record("people", 7).orElseThrow()).isEqualTo(first);
        assertThat(first.path("firstName").asText()).matches("[\\u0600-\\u06FF ]+");
        assertThat(first.path("address").asText()).contains("پلاک");

        Set<Long> versions = new HashSet<>();
        long deleted = 0;
        for (String entity : simulator.counts().keySet()) {
            for (RecordState s : simulator.states(entity)) {
                assertThat(versions.add(s.rowVersion())).as("unique row version").isTrue();
                deleted += s.deleted() ? 1 : 0;
            }
        }
        assertThat(versions).hasSize(5000);
        assertThat(simulator.lastRowVersion()).isEqualTo(5000);
        assertThat(deleted).isBetween(50L, 150L); // about 2%
        simulator.reseed(22, 5000);
        assertThat(simulator.record("people", 7).orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void ordersAndDetailsPointAtRecordsThatExist() {
        JsonNode objects = getAllData(token, "{\"fromOrderVersion\":0,\"fromOrderDetailVersion\":0,\"pageSize\":300}")
                .path("Data").path("Objects");
        for (JsonNode detail : objects.path("OrderDetails")) {
            assertThat(simulator.record("orders", detail.path("OrderId").asInt())).isPresent();
            JsonNode productDetail = simulator.record("productDetails", detail.path("ProductDetailId").asInt())
                    .orElseThrow();
            assertThat(detail.path("Price").asDouble()).isEqualTo(productDetail.path("price1").asDouble());
            assertThat(simulator.record("products", productDetail.path("productId").asInt())).isPresent();
        }
        for (JsonNode order : objects.path("Orders")) {
            assertThat(simulator.record("people", order.path("PersonId").asInt())).isPresent();
            assertThat(simulator.record("visitors", order.path("VisitorId").asInt())).isPresent();
        }
        JsonNode visitorPerson = simulator.record("visitorPeople", 1).orElseThrow();
        assertThat(simulator.record("people", visitorPerson.path("personId").asInt())).isPresent();
    }

    @Test
    void pageSizeAppliesPerEntityAndPagesCoverEverythingOnce() {
        JsonNode page = getAllData(token, "{\"fromPersonVersion\":0,\"fromBankGroupVersion\":0,\"pageSize\":7}")
                .path("Data").path("Objects");
        assertThat(page.path("People")).hasSize(7);
        assertThat(simulator.count("bankGroups")).isLessThan(7);
        assertThat(page.path("BankGroups")).hasSize((int) simulator.count("bankGroups"));

        List<RecordState> people = simulator.states("people");
        List<Long> lowest = people.stream().map(RecordState::rowVersion).sorted().limit(7).toList();
        assertThat(versions(page.path("People"))).containsExactlyInAnyOrderElementsOf(lowest);

        long cursor = 0;
        List<Long> seen = new ArrayList<>();
        boolean shuffled = false;
        while (true) {
            JsonNode rows = getAllData(token, "{\"fromPersonVersion\":" + cursor + ",\"pageSize\":100}")
                    .path("Data").path("Objects").path("People");
            if (rows.isEmpty()) {
                break;
            }
            List<Long> v = versions(rows);
            shuffled |= !v.equals(v.stream().sorted().toList());
            seen.addAll(v);
            cursor = v.stream().mapToLong(Long::longValue).max().orElseThrow();
        }
        assertThat(seen).hasSize(people.size()).doesNotHaveDuplicates();
        assertThat(shuffled).as("rows come in no promised order").isTrue();
    }

    @Test
    void adminMutationsDriveDeltas() {
        long cursor = simulator.lastRowVersion();
        JsonNode inserted = json(given().contentType("application/json").body("{\"name\":\"بانک آینده\"}")
                .post("/simulator/admin/entities/banks/records").then().statusCode(201).extract().asString());
        int bankId = inserted.path("bankId").asInt();
        given().contentType("application/json").body("{\"name\":\"بانک آینده نو\"}")
                .patch("/simulator/admin/entities/banks/records/" + bankId).then().statusCode(200);
        given().delete("/simulator/admin/entities/people/records/3").then().statusCode(200);
        given().delete("/simulator/admin/entities/people/records/999999").then().statusCode(404);

        JsonNode delta = getAllData(token, "{\"fromBankVersion\":" + cursor + ",\"fromPersonVersion\":" + cursor + "}")
                .path("Data").path("Objects");
        assertThat(delta.path("Banks")).hasSize(1);
        assertThat(delta.path("Banks").path(0).path("Name").asText()).isEqualTo("بانک آینده نو");
        assertThat(delta.path("Banks").path(0).path("RowVersion").asLong()).isEqualTo(cursor + 2);
        assertThat(delta.path("People")).hasSize(1);
        assertThat(delta.path("People").path(0).path("Deleted").asBoolean()).isTrue();
        assertThat(delta.path("People").path(0).path("RowVersion").asLong()).isEqualTo(cursor + 3);
        JsonNode states = json(given().get("/simulator/admin/entities/people/records?offset=2&limit=1").then()
                .statusCode(200).extract().asString());
        assertThat(states.path(0).path("id").asInt()).isEqualTo(3);
        assertThat(states.path(0).path("deleted").asBoolean()).isTrue();
    }

    @Test
    void theAdminApiReseedsAndShowsWhatArrivedWithoutSecrets() {
        given().delete("/simulator/admin/requests").then().statusCode(204);
        getAllData(token, "{\"fromBankVersion\":0}");
        given().contentType("application/json")
                .body("{\"people\":[{\"personClientId\":4242,\"firstName\":\"رویا\"}]}")
                .header("Authorization", "Bearer " + token).post("/api/v3/sync/saveAllDataV2").then().statusCode(200);
        JsonNode saved = json(given().get("/simulator/admin/entities/people/saved").then().statusCode(200).extract()
                .asString());
        assertThat(saved).hasSize(1);
        assertThat(saved.path(0).path("personClientId").asLong()).isEqualTo(4242);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> given().get("/simulator/admin/requests").asString().contains("SaveAllDataV2"));
        String log = given().get("/simulator/admin/requests").then().statusCode(200).extract().asString();
        JsonNode entries = json(log);
        assertThat(entries.path(0).path("path").asText()).isEqualTo("/API/v3/Sync/GetAllDataV2");
        assertThat(entries.path(0).path("method").asText()).isEqualTo("POST");
        assertThat(entries.path(0).path("status").asInt()).isEqualTo(200);
        assertThat(entries.path(0).path("requestBytes").asLong()).isPositive();
        assertThat(log).doesNotContain(token).doesNotContain(SimulatorClient.PASSWORD_MD5);

        JsonNode status = json(given().contentType("application/json").body("{\"seed\":9,\"records\":200}")
                .post("/simulator/admin/reset").then().statusCode(200).extract().asString());
        assertThat(status.path("seed").asLong()).isEqualTo(9);
        assertThat(status.path("lastRowVersion").asLong()).isEqualTo(200);
        given().contentType("application/json").body("{\"records\":5}").post("/simulator/admin/reset").then()
                .statusCode(400);
    }

    @Test
    void aHundredThousandRowsSeedAndStreamInPages() {
        // how fast it seeds is the benchmark's to print (bench/run.sh --simulator-only), not a timed test's
        simulator.reseed(4, 100_000);
        JsonNode page = getAllData(token(), "{\"fromOrderDetailVersion\":0,\"pageSize\":2000}");
        assertThat(page.path("Data").path("Objects").path("OrderDetails")).hasSize(2000);
    }

    private static List<Long> versions(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(r -> r.path("RowVersion").asLong()).toList();
    }
}
