package io.mahaksync.simulator;

import static io.mahaksync.simulator.SimulatorClient.authed;
import static io.mahaksync.simulator.SimulatorClient.json;
import static io.mahaksync.simulator.SimulatorClient.saveAllData;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator answers as the live service did in 2026: Login names a visitor, GetAllData with a
 * currentVisitorId sends people and products only through that visitor's VisitorPeople / VisitorProducts,
 * an unknown visitor gets Result:true with nothing, and V1 and V2 paths answer alike.
 */
@QuarkusTest
class SimulatorVisitorTest {

    static final String PEOPLE_AND_PRODUCTS = "\"fromPersonVersion\":0,\"fromVisitorPersonVersion\":0,"
            + "\"fromProductVersion\":0,\"fromProductDetailVersion\":0,\"fromVisitorProductVersion\":0,"
            + "\"fromBankGroupVersion\":0,\"pageSize\":0";

    @Inject
    MahakSimulator simulator;

    String token;

    @BeforeEach
    void fresh() {
        simulator.resetBehaviour();
        simulator.reseed(13, 1000, 3, 0.5); // visitor 3 has the first half of people and product details
        token = SimulatorClient.token();
    }

    @Test
    void loginNamesTheConfiguredVisitorOnBothPathsAndTheTokenCarriesIt() {
        for (String path : new String[] {"/API/v3/Sync/Login", "/API/v3/Sync/LoginV2"}) {
            JsonNode data = json(given().contentType("application/json")
                    .body("{\"userName\":\"demo\",\"password\":\"" + SimulatorClient.PASSWORD_MD5 + "\",\"databaseId\":1}")
                    .post(path).then().statusCode(200).extract().asString()).path("Data");
            assertThat(data.path("VisitorId").asInt()).as(path).isEqualTo(3);
            assertThat(data.path("WithDataTransfer").isBoolean()).as(path).isTrue();
        }
        assertThat(simulator.record("visitors", 3)).as("the Login visitor is a visitor").isPresent();
    }

    @Test
    void aVisitorSeesOnlyThePeopleAndProductsAssignedToIt() {
        JsonNode mine = objects("GetAllData", "{\"currentVisitorId\":3," + PEOPLE_AND_PRODUCTS + "}");
        assertThat(ids(mine.path("People"), "PersonId")).isEqualTo(range(1, 50));
        assertThat(ids(mine.path("ProductDetails"), "ProductDetailId")).isEqualTo(range(1, 50));
        assertThat(mine.path("VisitorPeople")).hasSize(50).allSatisfy(v -> assertThat(v.path("VisitorId").asInt())
                .isEqualTo(3));
        assertThat(mine.path("VisitorProducts")).hasSize(50).allSatisfy(v -> assertThat(v.path("VisitorId").asInt())
                .isEqualTo(3));
        Set<Integer> productsOfMyDetails = new HashSet<>();
        mine.path("ProductDetails").forEach(d -> productsOfMyDetails.add(d.path("ProductId").asInt()));
        assertThat(ids(mine.path("Products"), "ProductId")).isEqualTo(productsOfMyDetails);
        assertThat(mine.path("BankGroups")).as("entities not tied to a visitor are whole")
                .hasSize((int) simulator.count("bankGroups"));

        JsonNode theOthers = objects("GetAllDataV2", "{\"currentVisitorId\":1," + PEOPLE_AND_PRODUCTS + "}");
        assertThat(ids(theOthers.path("People"), "PersonId")).isEqualTo(range(51, 100));

        JsonNode everything = objects("GetAllData", "{" + PEOPLE_AND_PRODUCTS + "}");
        assertThat(everything.path("People")).as("no visitor named: no limit").hasSize(100);
    }

    @Test
    void pagesOfAVisitorAreFullAndCoverItsRecordsOnce() {
        long cursor = 0;
        Set<Integer> seen = new HashSet<>();
        int pages = 0;
        while (true) {
            JsonNode people = objects("GetAllData", "{\"currentVisitorId\":3,\"fromPersonVersion\":" + cursor
                    + ",\"pageSize\":7}").path("People");
            if (people.isEmpty()) {
                break;
            }
            pages++;
            assertThat(people.size()).isLessThanOrEqualTo(7);
            for (JsonNode p : people) {
                assertThat(seen.add(p.path("PersonId").asInt())).isTrue();
                cursor = Math.max(cursor, p.path("RowVersion").asLong());
            }
        }
        assertThat(seen).isEqualTo(range(1, 50));
        assertThat(pages).isEqualTo(8); // 7 full pages and one of 1
    }

    @Test
    void orderTypesLimitTheOrdersToThoseTypes() {
        long orders = simulator.count("orders");
        assertThat(objects("GetAllData", "{\"fromOrderVersion\":0,\"orderTypes\":[201,202]}").path("Orders"))
                .hasSize((int) orders);
        assertThat(objects("GetAllData", "{\"fromOrderVersion\":0,\"orderTypes\":[202]}").path("Orders")).isEmpty();
    }

    @Test
    void anUnknownVisitorGetsResultTrueAndEmptyCollections() {
        JsonNode answer = json(authed(token).body("{\"currentVisitorId\":999," + PEOPLE_AND_PRODUCTS + "}")
                .post("/API/v3/Sync/GetAllData").then().statusCode(200).extract().asString());
        assertThat(answer.path("Result").asBoolean()).isTrue();
        JsonNode objects = answer.path("Data").path("Objects");
        assertThat(objects.path("People")).isEmpty();
        assertThat(objects.path("Products")).isEmpty();
        assertThat(objects.path("BankGroups")).isEmpty();
    }

    @Test
    void theSwitchMakesCurrentVisitorIdRequiredAndTheRequestLogShowsIt() {
        given().contentType("application/json").body("{\"requireVisitor\":true}").put("/simulator/admin/faults")
                .then().statusCode(200);
        given().delete("/simulator/admin/requests").then().statusCode(204);
        JsonNode refused = json(authed(token).body("{\"fromPersonVersion\":0}").post("/API/v3/Sync/GetAllData")
                .then().statusCode(200).extract().asString());
        assertThat(refused.path("Result").asBoolean()).isFalse();
        assertThat(refused.path("Code").asInt()).isEqualTo(MahakCodes.VALIDATION);
        assertThat(refused.path("Message").asText()).contains("currentVisitorId");
        assertThat(objects("GetAllData", "{\"currentVisitorId\":3,\"fromPersonVersion\":0}").path("People"))
                .hasSize(50);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> json(given()
                .get("/simulator/admin/requests").asString()).size() == 2);
        JsonNode log = json(given().get("/simulator/admin/requests").asString());
        assertThat(log.path(0).path("path").asText()).isEqualTo("/API/v3/Sync/GetAllData");
        assertThat(log.path(0).path("currentVisitorId").isNumber()).isFalse();
        assertThat(log.path(1).path("currentVisitorId").asLong()).isEqualTo(3);
        assertThat(json(given().get("/simulator/admin/faults").asString()).path("requireVisitor").asBoolean())
                .isTrue();
    }

    @Test
    void aPersonOrProductDetailAClientCreatesIsAssignedToItsVisitor() {
        JsonNode saved = saveAllData(token, "{\"people\":[{\"personClientId\":91001,\"firstName\":\"نسرین\"}],"
                + "\"productDetails\":[{\"productDetailClientId\":91002,\"productId\":80,\"price1\":1000.0}]}");
        assertThat(saved.path("Result").asBoolean()).as(saved.toString()).isTrue();
        int person = saved.path("Data").path("Objects").path("People").path("Results").path(0).path("EntityId").asInt();
        int detail = saved.path("Data").path("Objects").path("ProductDetails").path("Results").path(0)
                .path("EntityId").asInt();
        JsonNode mine = objects("GetAllData", "{\"currentVisitorId\":3," + PEOPLE_AND_PRODUCTS + "}");
        assertThat(ids(mine.path("People"), "PersonId")).contains(person);
        assertThat(ids(mine.path("ProductDetails"), "ProductDetailId")).contains(detail);
        assertThat(ids(mine.path("Products"), "ProductId")).contains(80);
        JsonNode theOthers = objects("GetAllData", "{\"currentVisitorId\":1," + PEOPLE_AND_PRODUCTS + "}");
        assertThat(ids(theOthers.path("People"), "PersonId")).doesNotContain(person);
    }

    @Test
    void saveAllDataChecksWhatTheLiveServiceChecks() {
        JsonNode answer = saveAllData(token, "{"
                + "\"people\":[{\"personClientId\":92001,\"firstName\":\"گروه\",\"personGroupId\":987654}],"
                + "\"orders\":[{\"orderClientId\":92002,\"personId\":1},{\"orderClientId\":92003,\"personId\":1}],"
                + "\"orderDetails\":[{\"orderDetailClientId\":92004,\"orderClientId\":92002,\"productDetailId\":1},"
                + "{\"orderDetailClientId\":92005,\"orderClientId\":92002,\"productDetailId\":1,\"storeId\":1}]}");
        assertThat(answer.path("Result").asBoolean()).isFalse();
        JsonNode people = answer.path("Data").path("Objects").path("People").path("Results");
        assertThat(people.path(0).path("Errors").path(0).path("Property").asText()).isEqualTo("personGroupId");
        assertThat(people.path(0).path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.REFERENCE);
        JsonNode details = answer.path("Data").path("Objects").path("OrderDetails").path("Results");
        assertThat(details.path(0).path("Result").asBoolean()).isFalse();
        assertThat(details.path(0).path("Errors").path(0).path("Property").asText()).isEqualTo("storeId");
        assertThat(details.path(0).path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.VALIDATION);
        assertThat(details.path(1).path("Result").asBoolean()).as(details.toString()).isTrue();

        // a client id that an order holds cannot name a person: they are unique across the database
        JsonNode reused = saveAllData(token, "{\"people\":[{\"personClientId\":92003,\"firstName\":\"تکراری\"}]}");
        JsonNode result = reused.path("Data").path("Objects").path("People").path("Results").path(0);
        assertThat(result.path("Result").asBoolean()).isFalse();
        assertThat(result.path("EntityId").isNull()).as("not this record landing earlier").isTrue();
        assertThat(result.path("Errors").path(0).path("Error").asText()).contains("orders", "unique");
    }

    private JsonNode objects(String endpoint, String body) {
        JsonNode answer = json(authed(token).body(body).post("/API/v3/Sync/" + endpoint).then().statusCode(200)
                .extract().asString());
        assertThat(answer.path("Result").asBoolean()).as(answer.toString()).isTrue();
        return answer.path("Data").path("Objects");
    }

    private static Set<Integer> ids(JsonNode rows, String idField) {
        Set<Integer> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.path(idField).asInt()));
        return ids;
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> ids = new HashSet<>();
        IntStream.rangeClosed(from, to).forEach(ids::add);
        return ids;
    }
}
