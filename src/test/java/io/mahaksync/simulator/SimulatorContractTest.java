package io.mahaksync.simulator;

import static io.mahaksync.simulator.SimulatorClient.authed;
import static io.mahaksync.simulator.SimulatorClient.contract;
import static io.mahaksync.simulator.SimulatorClient.fieldNames;
import static io.mahaksync.simulator.SimulatorClient.getAllData;
import static io.mahaksync.simulator.SimulatorClient.json;
import static io.mahaksync.simulator.SimulatorClient.saveAllData;
import static io.mahaksync.simulator.SimulatorClient.token;
import static io.mahaksync.simulator.SimulatorClient.wireNames;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds the simulator's answers to the field names of the contract file, over real HTTP. */
@QuarkusTest
class SimulatorContractTest {

    @Inject
    MahakSimulator simulator;
    @Inject
    EntityCatalog catalog;

    @BeforeEach
    void fresh() {
        simulator.resetBehaviour();
        simulator.reseed(11, 600);
    }

    @Test
    void loginV2AnswersTheContractsFieldsInPascalCase() {
        JsonNode answer = json(SimulatorClient.login().then().statusCode(200).extract().asString());
        assertThat(fieldNames(answer)).containsExactlyInAnyOrderElementsOf(wireNames("LoginResultModelLoginResultApi"));
        assertThat(wireNames("LoginResultModel")).containsAll(fieldNames(answer.get("Data")));
        assertThat(answer.get("Result").asBoolean()).isTrue();
        String[] jwt = answer.path("Data").path("UserToken").asText().split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode claims = json(new String(java.util.Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        assertThat(claims.path("exp").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void loginV1AcceptsTheSameBodyAndChecksTheMd5OfThePassword() {
        given().contentType("application/json")
                .body("{\"userName\":\"demo\",\"password\":\"" + TokenService.md5Hex("demo") + "\",\"databaseId\":1}")
                .post("/API/v3/Sync/Login").then().statusCode(200)
                .body("Result", org.hamcrest.Matchers.is(true));
        JsonNode plain = json(given().contentType("application/json")
                .body("{\"userName\":\"demo\",\"password\":\"demo\",\"databaseId\":1}")
                .post("/API/v3/Sync/Login").then().statusCode(200).extract().asString());
        assertThat(plain.path("Result").asBoolean()).isFalse();
        assertThat(plain.path("Code").asInt()).isEqualTo(MahakCodes.BAD_CREDENTIALS);
        assertThat(plain.path("Data").path("ErrorCode").asInt()).isEqualTo(MahakCodes.BAD_CREDENTIALS);
        JsonNode wrongDatabase = json(given().contentType("application/json")
                .body("{\"userName\":\"demo\",\"password\":\"" + TokenService.md5Hex("demo") + "\",\"databaseId\":9}")
                .post("/API/v3/Sync/LoginV2").then().statusCode(200).extract().asString());
        assertThat(wrongDatabase.path("Code").asInt()).isEqualTo(MahakCodes.BAD_DATABASE);
    }

    @Test
    void everyRequestFieldOfRequestAllDataModelSelectsItsCollectionWithTheModelsFields() {
        String token = token();
        JsonNode requestModel = contract().path("definitions").path("RequestAllDataModel").path("properties");
        Set<String> commitKeys = new HashSet<>();
        contract().path("definitions").path("CommitDataModel").path("properties").fieldNames()
                .forEachRemaining(k -> commitKeys.add(k.toLowerCase(Locale.ROOT)));
        ObjectNode request = SimulatorClient.JSON.createObjectNode();
        int cursors = 0;
        for (Iterator<String> it = requestModel.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (field.startsWith("from")) {
                request.put(field, 0);
                cursors++;
            }
        }
        request.put("pageSize", 5);
        JsonNode answer = getAllData(token, request.toString());
        assertThat(fieldNames(answer)).containsExactlyInAnyOrderElementsOf(wireNames("CommitDataModelApiResult"));
        assertThat(fieldNames(answer.get("Data"))).containsExactlyInAnyOrderElementsOf(wireNames("CommitDataModelObject"));
        JsonNode objects = answer.path("Data").path("Objects");
        assertThat(objects.size()).isEqualTo(cursors);
        for (Iterator<Map.Entry<String, JsonNode>> it = objects.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> collection = it.next();
            assertThat(commitKeys).contains(collection.getKey().toLowerCase(Locale.ROOT));
            EntityDef def = catalog.byCollection(collection.getKey()).orElseThrow();
            assertThat(collection.getValue().size()).isLessThanOrEqualTo(5);
            Set<String> allowed = new HashSet<>(wireNames(def.model()));
            allowed.add("RowVersion"); // OrderModel omits it, yet the wire carries it on every record
            allowed.add("Deleted");
            for (JsonNode row : collection.getValue()) {
                assertThat(allowed).as(def.model()).containsAll(fieldNames(row));
            }
        }
        assertThat(objects.path("People").size()).isEqualTo(5);
        assertThat(objects.path("People").path(0).has("FirstName")).isTrue();
        assertThat(objects.path("mahakpays").isArray()).isTrue();
    }

    @Test
    void onlyTheEntitiesAskedForAreAnswered() {
        JsonNode answer = getAllData(token(), "{\"fromBankVersion\":0,\"FromPersonVersion\":0}");
        assertThat(fieldNames(answer.path("Data").path("Objects"))).containsExactlyInAnyOrder("Banks", "People");
    }

    @Test
    void saveAllDataAnswersTheContractsResultNames() {
        String token = token();
        JsonNode answer = saveAllData(token, "{\"personGroups\":[{\"personGroupClientId\":900001,\"name\":\"گروه تست\"},"
                + "{\"personGroupClientId\":900002,\"name\":1}]}");
        assertThat(fieldNames(answer)).containsExactlyInAnyOrderElementsOf(wireNames("SaveAllDataResultApiResult"));
        assertThat(fieldNames(answer.get("Data"))).containsExactlyInAnyOrderElementsOf(wireNames("SaveAllDataResultObject"));
        assertThat(wireNames("SaveAllDataResult")).containsAll(fieldNames(answer.path("Data").path("Objects")));
        JsonNode results = answer.path("Data").path("Objects").path("PersonGroups");
        assertThat(fieldNames(results)).containsExactlyInAnyOrderElementsOf(wireNames("MultiEntityUpdateResult"));
        for (JsonNode result : results.path("Results")) {
            assertThat(fieldNames(result)).containsExactlyInAnyOrderElementsOf(wireNames("EntityUpdateResult"));
        }
        JsonNode error = results.path("Results").path(1).path("Errors").path(0);
        assertThat(fieldNames(error)).containsExactlyInAnyOrderElementsOf(wireNames("PropertyErrorModel"));
    }

    @Test
    void everySaveAllDataResultKeyIsAccepted() {
        ObjectNode request = SimulatorClient.JSON.createObjectNode();
        contract().path("definitions").path("SaveAllDataResult").path("properties").fieldNames()
                .forEachRemaining(k -> request.putArray(k.equals("mahakPays") ? "mahakpays" : k));
        JsonNode answer = saveAllData(token(), request.toString());
        assertThat(answer.path("Result").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.path("Data").path("Objects").size()).isEqualTo(request.size());
    }

    @Test
    void pathsAreCaseInsensitive() {
        String token = token();
        JsonNode lower = json(authed(token).body("{\"fromBankVersion\":0}").post("/api/v3/sync/getalldatav2").then()
                .statusCode(200).extract().asString());
        assertThat(lower.path("Data").path("Objects").has("Banks")).isTrue();
        given().contentType("application/json")
                .body("{\"userName\":\"demo\",\"password\":\"" + TokenService.md5Hex("demo") + "\",\"databaseId\":1}")
                .post("/api/V3/SYNC/loginv2").then().statusCode(200).body("Result", org.hamcrest.Matchers.is(true));
        authed(token).get("/api/v3/lookup/getpersoninfo?personId=1").then().statusCode(200)
                .body("Data.PersonId", org.hamcrest.Matchers.is(1));
    }

    @Test
    void lookupsAnswerOneRecordInPascalCase() {
        String token = token();
        JsonNode product = json(authed(token).get("/API/v3/Lookup/GetProductInfo?productId=2").then().statusCode(200)
                .extract().asString());
        assertThat(product.path("Data").path("ProductId").asInt()).isEqualTo(2);
        assertThat(wireNames("ProductModel")).containsAll(fieldNames(product.path("Data")));
        JsonNode detail = json(authed(token).get("/API/v3/Lookup/Get/ProductDetail/1").then().statusCode(200).extract()
                .asString());
        assertThat(detail.path("Data").path("ProductDetailId").asInt()).isEqualTo(1);
        JsonNode missing = json(authed(token).get("/API/v3/Lookup/GetPersonInfo?personId=999999").then()
                .statusCode(200).extract().asString());
        assertThat(missing.path("Result").asBoolean()).isFalse();
    }

    @Test
    void uploadStoresAPictureAndAnswersItsUrlAndHash() {
        String token = token();
        byte[] content = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
        JsonNode answer = json(given().header("Authorization", "Bearer " + token).header("X-FileName", "p1.jpg")
                .multiPart("file", "p1.jpg", content, "image/jpeg").post("/API/v3/Sync/Upload").then().statusCode(200)
                .extract().asString());
        assertThat(answer.path("Result").asBoolean()).isTrue();
        JsonNode data = answer.path("Data");
        assertThat(data.path("EntityId").asInt()).isPositive();
        assertThat(data.path("RowVersion").asLong()).isPositive();
        assertThat(data.path("AdditionalData").path("FileHash").asText()).isEqualTo(TokenService.md5Hex(content));
        assertThat(data.path("AdditionalData").path("FileUrl").asText()).endsWith("p1.jpg");
        assertThat(simulator.saved("pictures")).extracting(p -> p.path("fileName").asText()).contains("p1.jpg");
        JsonNode noName = json(given().header("Authorization", "Bearer " + token)
                .multiPart("file", "p2.jpg", content, "image/jpeg").post("/API/v3/Sync/Upload").then().statusCode(200)
                .extract().asString());
        assertThat(noName.path("Result").asBoolean()).isFalse();
    }

    @Test
    void solveDisputeGivesTheRecordsANewRowVersion() {
        String token = token();
        long before = simulator.record("products", 1).orElseThrow().path("rowVersion").asLong();
        JsonNode answer = json(authed(token).body("{\"databaseId\":1,\"entityName\":\"product\",\"disputeItems\":"
                + "[{\"id\":1,\"rw\":" + before + "}]}").post("/API/v3/Sync/SolveDispute").then().statusCode(200)
                .extract().asString());
        assertThat(answer.path("Result").asBoolean()).isTrue();
        assertThat(simulator.record("products", 1).orElseThrow().path("rowVersion").asLong()).isGreaterThan(before);
        JsonNode orders = json(authed(token).body("{\"databaseId\":1,\"disputeItems\":[{\"id\":1,\"code\":77777}]}")
                .post("/API/v3/Sync/SolveOrderDispute").then().statusCode(200).extract().asString());
        assertThat(orders.path("Result").asBoolean()).isTrue();
        assertThat(simulator.record("orders", 1).orElseThrow().path("orderCode").asInt()).isEqualTo(77777);
    }

    @Test
    void callsWithoutAValidTokenGet401() {
        given().contentType("application/json").body("{\"fromBankVersion\":0}").post("/API/v3/Sync/GetAllDataV2")
                .then().statusCode(401);
        authed("not.a.token").body("{}").post("/API/v3/Sync/SaveAllDataV2").then().statusCode(401);
    }
}
