package io.mahaksync.simulator;

import static io.mahaksync.simulator.SimulatorClient.getAllData;
import static io.mahaksync.simulator.SimulatorClient.saveAllData;
import static io.mahaksync.simulator.SimulatorClient.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SaveAllData's per-record answers: linking by client id, conflicts and validation, over real HTTP. */
@QuarkusTest
class SimulatorSaveAllDataTest {

    @Inject
    MahakSimulator simulator;

    String token;

    @BeforeEach
    void fresh() {
        simulator.resetBehaviour();
        simulator.reseed(5, 500);
        token = token();
    }

    @Test
    void anOrderAndItsDetailsAreLinkedByClientIdsWhateverTheKeyOrder() {
        JsonNode answer = saveAllData(token, "{"
                + "\"orderDetails\":[{\"orderDetailClientId\":71,\"storeId\":1,\"orderClientId\":7001,\"productDetailId\":1,"
                + "\"price\":120000.0,\"count1\":2.0},"
                + "{\"orderDetailClientId\":72,\"storeId\":1,\"orderClientId\":7001,\"productDetailCode\":1002,\"count1\":1.0}],"
                + "\"orders\":[{\"orderClientId\":7001,\"personId\":3,\"orderDate\":\"2025-01-02T10:00:00\","
                + "\"description\":\"سفارش آزمایشی\"}]}");
        assertThat(answer.path("Result").asBoolean()).as(answer.toString()).isTrue();
        JsonNode order = answer.path("Data").path("Objects").path("Orders").path("Results").path(0);
        int orderId = order.path("EntityId").asInt();
        assertThat(order.path("Result").asBoolean()).isTrue();
        assertThat(order.path("EntityClientId").asLong()).isEqualTo(7001);
        JsonNode details = answer.path("Data").path("Objects").path("OrderDetails").path("Results");
        assertThat(details).hasSize(2);
        assertThat(details.path(0).path("Index").asInt()).isZero();
        assertThat(details.path(1).path("Index").asInt()).isEqualTo(1);
        assertThat(details.path(1).path("EntityClientId").asLong()).isEqualTo(72);
        assertThat(details.path(1).path("RowVersion").asLong()).isGreaterThan(order.path("RowVersion").asLong());
        int detailId = details.path(0).path("EntityId").asInt();
        assertThat(simulator.record("orderDetails", detailId).orElseThrow().path("orderId").asInt()).isEqualTo(orderId);
        assertThat(simulator.saved("orderDetails")).hasSize(2);
        assertThat(simulator.saved("orders")).extracting(o -> o.path("orderClientId").asLong()).containsExactly(7001L);
    }

    @Test
    void savedRecordsComeBackThroughGetAllData() {
        long cursor = simulator.lastRowVersion();
        saveAllData(token, "{\"people\":[{\"personClientId\":501,\"firstName\":\"نسرین\",\"lastName\":\"امیری\"}]}");
        JsonNode people = getAllData(token, "{\"fromPersonVersion\":" + cursor + "}").path("Data").path("Objects")
                .path("People");
        assertThat(people).hasSize(1);
        assertThat(people.path(0).path("PersonClientId").asLong()).isEqualTo(501);
        assertThat(people.path(0).path("FirstName").asText()).isEqualTo("نسرین");
    }

    @Test
    void aReusedClientIdIsRejectedAndNamesTheRecordThatHasIt() {
        JsonNode first = saveAllData(token, "{\"people\":[{\"personClientId\":601,\"firstName\":\"الف\"}]}");
        int id = first.path("Data").path("Objects").path("People").path("Results").path(0).path("EntityId").asInt();
        JsonNode again = saveAllData(token, "{\"people\":[{\"personClientId\":601,\"firstName\":\"الف\"}]}");
        JsonNode result = again.path("Data").path("Objects").path("People").path("Results").path(0);
        assertThat(again.path("Result").asBoolean()).isFalse();
        assertThat(result.path("Result").asBoolean()).isFalse();
        assertThat(result.path("EntityId").asInt()).isEqualTo(id);
        assertThat(result.path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.VALIDATION);
        assertThat(result.path("Errors").path(0).path("Property").asText()).isEqualTo("personClientId");
        assertThat(simulator.saved("people")).hasSize(1);
    }

    @Test
    void unknownReferencesAre2001AndTheOtherRecordsAreStillSaved() {
        JsonNode answer = saveAllData(token, "{"
                + "\"orders\":[{\"orderClientId\":8001,\"personCode\":99999},{\"orderClientId\":8002,\"personId\":1}],"
                + "\"orderDetails\":[{\"orderDetailClientId\":81,\"storeId\":1,\"orderClientId\":424242,\"productDetailId\":1},"
                + "{\"orderDetailClientId\":82,\"storeId\":1,\"orderClientId\":8002,\"productDetailId\":987654},"
                + "{\"orderDetailClientId\":83,\"storeId\":1,\"orderClientId\":8001,\"productDetailId\":1},"
                + "{\"orderDetailClientId\":84,\"storeId\":1,\"orderClientId\":8002,\"productDetailId\":1}]}");
        assertThat(answer.path("Result").asBoolean()).isFalse();
        assertThat(answer.path("Code").asInt()).isEqualTo(MahakCodes.REFERENCE);
        JsonNode orders = answer.path("Data").path("Objects").path("Orders").path("Results");
        assertThat(orders.path(0).path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.REFERENCE);
        assertThat(orders.path(0).path("Errors").path(0).path("Property").asText()).isEqualTo("personCode");
        assertThat(orders.path(1).path("Result").asBoolean()).isTrue();
        JsonNode details = answer.path("Data").path("Objects").path("OrderDetails").path("Results");
        assertThat(details.path(0).path("Errors").path(0).path("Property").asText()).isEqualTo("orderClientId");
        assertThat(details.path(1).path("Errors").path(0).path("Property").asText()).isEqualTo("productDetailId");
        // the order it names was itself rejected, so it is in neither Mahak nor the request
        assertThat(details.path(2).path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.REFERENCE);
        assertThat(details.path(3).path("Result").asBoolean()).isTrue();
        assertThat(simulator.saved("orderDetails")).hasSize(1);
    }

    /** The store answers these lookups from memory (no index): they must follow updates as the table does. */
    @Test
    void referencesByCodeAndClientIdFollowUpdatesOfTheRecordsTheyName() {
        int oldCode = simulator.record("people", 2).orElseThrow().path("personCode").asInt();
        assertThat(orderFor("9100", "\"personCode\":" + oldCode).path("EntityId").asInt()).isPositive();
        simulator.update("people", 2, SimulatorClient.JSON.createObjectNode().put("personCode", 880002));
        assertThat(orderFor("9101", "\"personCode\":880002").path("Result").asBoolean()).isTrue();
        JsonNode byOldCode = orderFor("9102", "\"personCode\":" + oldCode);
        assertThat(byOldCode.path("Result").asBoolean()).isFalse();
        assertThat(byOldCode.path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.REFERENCE);
        assertThat(simulator.record("orders", orderId(orderFor("9103", "\"personCode\":880002"))).orElseThrow()
                .path("personId").asInt()).isEqualTo(2);

        JsonNode saved = saveAllData(token, "{\"people\":[{\"personClientId\":9001,\"personCode\":880501}],"
                + "\"orders\":[{\"orderClientId\":9104,\"personCode\":880501}]}");
        assertThat(saved.path("Result").asBoolean()).as(saved.toString()).isTrue();
        int personId = saved.path("Data").path("Objects").path("People").path("Results").path(0).path("EntityId").asInt();
        assertThat(simulator.record("orders", orderId(saved.path("Data").path("Objects").path("Orders").path("Results")
                .path(0))).orElseThrow().path("personId").asInt()).isEqualTo(personId);
        // the client id moves to another value, then a seeded person takes the one it left
        simulator.update("people", personId, SimulatorClient.JSON.createObjectNode().put("personClientId", 9002));
        simulator.update("people", 3, SimulatorClient.JSON.createObjectNode().put("personClientId", 9001));
        assertThat(simulator.record("orders", orderId(orderFor("9105", "\"personClientId\":9002"))).orElseThrow()
                .path("personId").asInt()).isEqualTo(personId);
        assertThat(simulator.record("orders", orderId(orderFor("9106", "\"personClientId\":9001"))).orElseThrow()
                .path("personId").asInt()).isEqualTo(3);
    }

    private JsonNode orderFor(String orderClientId, String personReference) {
        return saveAllData(token, "{\"orders\":[{\"orderClientId\":" + orderClientId + "," + personReference + "}]}")
                .path("Data").path("Objects").path("Orders").path("Results").path(0);
    }

    private static int orderId(JsonNode result) {
        assertThat(result.path("Result").asBoolean()).as(result.toString()).isTrue();
        return result.path("EntityId").asInt();
    }

    @Test
    void aStaleRowVersionOnUpdateIs2002() {
        JsonNode person = simulator.record("people", 4).orElseThrow();
        long stored = person.path("rowVersion").asLong();
        simulator.update("people", 4, SimulatorClient.JSON.createObjectNode().put("city", "قم"));
        JsonNode stale = saveAllData(token, "{\"people\":[{\"personId\":4,\"rowVersion\":" + stored
                + ",\"city\":\"اراک\"}]}");
        JsonNode result = stale.path("Data").path("Objects").path("People").path("Results").path(0);
        assertThat(result.path("Result").asBoolean()).isFalse();
        assertThat(result.path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.CONFLICT);
        assertThat(simulator.record("people", 4).orElseThrow().path("city").asText()).isEqualTo("قم");

        long current = simulator.record("people", 4).orElseThrow().path("rowVersion").asLong();
        JsonNode fresh = saveAllData(token, "{\"people\":[{\"personId\":4,\"rowVersion\":" + current
                + ",\"city\":\"اراک\",\"deleted\":true}]}");
        JsonNode ok = fresh.path("Data").path("Objects").path("People").path("Results").path(0);
        assertThat(ok.path("Result").asBoolean()).as(fresh.toString()).isTrue();
        assertThat(ok.path("RowVersion").asLong()).isGreaterThan(current);
        JsonNode updated = simulator.record("people", 4).orElseThrow();
        assertThat(updated.path("city").asText()).isEqualTo("اراک");
        assertThat(updated.path("deleted").asBoolean()).isTrue();
        assertThat(updated.path("firstName").asText()).isEqualTo(person.path("firstName").asText());
    }

    @Test
    void wrongTypesUnknownFieldsAndMissingClientIdsAre3001() {
        JsonNode answer = saveAllData(token, "{\"products\":["
                + "{\"productClientId\":1,\"name\":\"ok\"},"
                + "{\"productClientId\":2,\"name\":42},"
                + "{\"productClientId\":3,\"colour\":\"red\"},"
                + "{\"name\":\"no client id\"},"
                + "{\"productClientId\":\"4\",\"name\":\"client id as text\"}]}");
        JsonNode results = answer.path("Data").path("Objects").path("Products").path("Results");
        assertThat(answer.path("Result").asBoolean()).isFalse();
        assertThat(answer.path("Code").asInt()).isEqualTo(MahakCodes.VALIDATION);
        assertThat(results.path(0).path("Result").asBoolean()).isTrue();
        assertThat(results.path(1).path("Errors").path(0).path("Property").asText()).isEqualTo("name");
        assertThat(results.path(2).path("Errors").path(0).path("Property").asText()).isEqualTo("colour");
        assertThat(results.path(3).path("Errors").path(0).path("Property").asText()).isEqualTo("productClientId");
        assertThat(results.path(4).path("Errors").path(0).path("Code").asInt()).isEqualTo(MahakCodes.VALIDATION);
        for (int i = 1; i < 5; i++) {
            assertThat(results.path(i).path("Result").asBoolean()).isFalse();
            assertThat(results.path(i).path("Index").asInt()).isEqualTo(i);
        }
        assertThat(simulator.saved("products")).hasSize(1);
    }

    @Test
    void anUpdateOfAnUnknownIdIsRejected() {
        JsonNode answer = saveAllData(token, "{\"banks\":[{\"bankId\":123456,\"name\":\"x\"}]}");
        assertThat(answer.path("Data").path("Objects").path("Banks").path("Results").path(0).path("Errors").path(0)
                .path("Code").asInt()).isEqualTo(MahakCodes.REFERENCE);
    }
}
