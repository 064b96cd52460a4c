package io.mahaksync.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.targetdb.TargetDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push entry on every target database, against the built-in simulator over real HTTP: records sent to
 * direct:mahak-push from a route, POST /push/{entity}, and the camel-jdbc recipe that moves an ERP's own
 * table into Mahak; each ends with the record saved in the simulator and its server id in mahak_outbox.
 */
abstract class PushEntryScenarios extends PushEntrySupport {

    /** A site's own table of new customers, as the camel-jdbc recipe describes it. */
    static final String ERP_TABLE = "CREATE TABLE IF NOT EXISTS erp_new_people (client_no BIGINT PRIMARY KEY, "
            + "given_name VARCHAR(100), family_name VARCHAR(100), mobile_phone VARCHAR(40), outbox_id BIGINT)";

    @Override
    void prepareTables(Statement s) throws SQLException {
        s.execute(ERP_TABLE);
    }

    @Override
    List<String> tablesToEmpty() {
        return List.of("mahak_outbox", "mahak_push_batch", "mahak_id_map", "erp_new_people");
    }

    // ------------------------------------------------------------------ direct:mahak-push

    @Test
    void recordsFromARouteAreCheckedAndStagedInOneTransaction() throws Exception {
        long ali = nextId();
        long sara = nextId();
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("PERSONCLIENTID", ali);             // any letter case
        first.put("firstname", "علی");
        first.put("birthDate", java.sql.Timestamp.valueOf("1990-05-01 00:00:00"));   // as camel-jdbc gives it
        Map<String, Object> bad = Map.of("credit", "not-a-number", "nickname", "x");
        String third = "{\"personClientId\":" + sara + ",\"lastName\":\"احمدی\"}";
        Exchange answer = producer.request("direct:mahak-push", e -> {
            e.getMessage().setHeader(PushEntry.ENTITY, "People");
            e.getMessage().setBody(List.of(first, bad, third));
        });
        assertThat(answer.getException()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> receipt = answer.getMessage().getBody(Map.class);
        assertThat(receipt.get("entity")).isEqualTo("people");
        assertThat(receipt.get("staged")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<Long> ids = (List<Long>) receipt.get("ids");
        assertThat(ids).hasSize(3);
        assertThat(answer.getMessage().getHeader(PushEntry.OUTBOX_IDS, List.class)).containsExactly(ids.get(0), ids.get(2));
        assertThat(answer.getMessage().getHeader(PushEntry.INVALID_RECORDS, Long.class)).isEqualTo(1L);
        String invalid = JSON.writeValueAsString(receipt.get("invalid"));
        assertThat(JsonPath.from(invalid).getList("index", Integer.class)).containsOnly(1);
        assertThat(JsonPath.from(invalid).getList("field", String.class))
                .containsExactlyInAnyOrder("credit", "nickname", "personClientId");
        assertThat(JsonPath.from(invalid).getList("reason", String.class)).contains("personClientId is required",
                "credit: 'not-a-number' is not a valid double", "unknown field 'nickname'");

        Map<String, Object> row = outboxRow(ids.get(0));
        assertThat(row.get("status")).isEqualTo("pending");
        assertThat(row.get("source")).as("sent by the outbox send loop").isEqualTo("db");
        assertThat(row.get("group_key")).isEqualTo("people:" + ali);
        ObjectNode payload = (ObjectNode) JSON.readTree((String) row.get("payload"));
        assertThat(payload.path("personClientId").asLong()).as("contract spelling").isEqualTo(ali);
        assertThat(payload.path("firstName").asText()).isEqualTo("علی");
        assertThat(payload.path("birthDate").asText()).isEqualTo("1990-05-01T00:00:00");
        Map<String, Object> kept = outboxRow(ids.get(1));
        assertThat(kept.get("status")).isEqualTo("invalid");
        assertThat((String) kept.get("last_error")).contains("personClientId is required", "credit:");

        // the same message again (a redelivery): nothing staged twice, the same ids back
        long before = outboxRows();
        Map<?, ?> again = producer.requestBodyAndHeader("direct:mahak-push", List.of(first, third), PushEntry.ENTITY,
                "people", Map.class);
        assertThat(again.get("ids")).isEqualTo(List.of(ids.get(0), ids.get(2)));
        assertThat(outboxRows()).isEqualTo(before);

        withSendLoop(() -> {
            awaitSentWithServerId(ids.get(0), ali);
            awaitSentWithServerId(ids.get(2), sara);
        });
    }

    @Test
    void aMessageThatIsNotRecordsIsRefusedWholeAndStagesNothing() throws Exception {
        long before = outboxRows();
        assertThatThrownBy(() -> producer.requestBodyAndHeader("direct:mahak-push", "{\"personClientId\":1}",
                PushEntry.ENTITY, "banana")).isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(PushEntry.RefusedMessage.class).hasRootCauseMessage("unknown entity 'banana'");
        assertThatThrownBy(() -> producer.requestBodyAndHeader("direct:mahak-push", "{not json", PushEntry.ENTITY,
                "people")).hasRootCauseInstanceOf(PushEntry.RefusedMessage.class)
                .rootCause().hasMessageStartingWith("the body is not JSON");
        assertThatThrownBy(() -> producer.requestBody("direct:mahak-push", "{\"personClientId\":1}"))
                .rootCause().hasMessageStartingWith("no entity: set header MahakEntity");
        assertThat(outboxRows()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ POST /push/{entity}

    @Test
    void postWithoutTheAdminCredentialsIs401() {
        given().contentType(ContentType.JSON).body("{\"personClientId\":1}").post("/push/people").then().statusCode(401);
        given().auth().preemptive().basic("admin", "wrong").contentType(ContentType.JSON).body("{\"personClientId\":1}")
                .post("/push/people").then().statusCode(401);
    }

    @Test
    void anInvalidRequestIs400NamingEachRecordAndFieldAndStagesNothing() throws Exception {
        long before = outboxRows();
        long good = nextId();
        JsonPath answer = admin().contentType(ContentType.JSON)
                .body("[{\"personClientId\":" + good + ",\"firstName\":\"درست\"},"
                        + "{\"personClientId\":-4,\"credit\":\"many\"}]")
                .post("/push/people").then().statusCode(400).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(answer.getBoolean("staged")).isFalse();
        assertThat(answer.getList("ids")).isEmpty();
        assertThat(answer.getList("invalid.index", Integer.class)).containsOnly(1);
        assertThat(answer.getList("invalid.field", String.class)).containsExactlyInAnyOrder("credit", "personClientId");
        assertThat(answer.getList("invalid.reason", String.class)).contains("personClientId must be a positive number");
        assertThat(outboxRows()).as("nothing of an invalid request staged").isEqualTo(before);

        admin().contentType(ContentType.JSON).body("[{\"personClientId\":").post("/push/people").then().statusCode(400)
                .body("invalid[0].reason", org.hamcrest.Matchers.startsWith("the body is not JSON"));
        admin().contentType(ContentType.JSON).body("{\"personClientId\":1}").post("/push/visitorPeople").then()
                .statusCode(400).body("invalid[0].reason", org.hamcrest.Matchers.containsString("cannot be sent"));
        admin().contentType(ContentType.JSON).body("{\"personClientId\":1}").get("/push/people").then()
                .statusCode(org.hamcrest.Matchers.not(202));
        assertThat(outboxRows()).isEqualTo(before);
    }

    @Test
    void aPostedRecordIs202ThenSavedInMahakWithItsServerIdWrittenBack() throws Exception {
        long clientId = nextId();
        JsonPath answer = admin().contentType(ContentType.JSON)
                .body("{\"PersonClientId\":" + clientId + ",\"firstName\":\"از وب\",\"lastName\":\"کاربر\"}")
                .post("/push/people").then().statusCode(202).contentType(ContentType.JSON)
                .header("Authorization", org.hamcrest.Matchers.nullValue()).extract().jsonPath();
        assertThat(answer.getBoolean("staged")).isTrue();
        assertThat(answer.getList("ids", Long.class)).hasSize(1);
        long id = answer.getList("ids", Long.class).get(0);
        assertThat(answer.getLong("records[0].clientId")).isEqualTo(clientId);
        assertThat(outboxRow(id).get("source_file")).as("the route that staged it").isEqualTo("push-http");
        withSendLoop(() -> awaitSentWithServerId(id, clientId));
        assertThat(savedPeople(clientId).get(0).path("firstName").asText()).isEqualTo("از وب");
    }

    // ------------------------------------------------------------------ recipe: another table through camel-jdbc

    @Test
    void theJdbcRecipeMovesTheErpTableIntoMahakOnce() throws Exception {
        long ali = nextId();
        long sara = nextId();
        long bad = nextId();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO erp_new_people (client_no, given_name, family_name, mobile_phone) VALUES (?, ?, ?, ?)")) {
            Object[][] rows = {{ali, "علی", "رضایی", "09120000001"}, {sara, "سارا", "احمدی", null},
                    {-bad, "منفی", "شناسه", null}};
            for (Object[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    ps.setObject(i + 1, r[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // the recipe's timer moves every row: each gets the id of its outbox row
        producer.getCamelContext().getRouteController().startRoute("erp-new-people-to-mahak");
        try {
            awaitMoved(ali, sara, bad);
        } finally {
            producer.getCamelContext().getRouteController().stopRoute("erp-new-people-to-mahak");
        }
    }

    private void awaitMoved(long ali, long sara, long bad) throws Exception {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> query(
                "SELECT COUNT(*) AS n FROM erp_new_people WHERE client_no IN (?, ?, ?) AND outbox_id IS NULL", ali, sara,
                -bad).get(0).get("n").toString().equals("0"));
        Map<Long, Long> outboxIds = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT client_no, outbox_id FROM erp_new_people WHERE client_no IN (?, ?, ?)",
                ali, sara, -bad)) {
            outboxIds.put(((Number) r.get("client_no")).longValue(), ((Number) r.get("outbox_id")).longValue());
        }
        Map<String, Object> invalid = outboxRow(outboxIds.get(-bad));
        assertThat(invalid.get("status")).isEqualTo("invalid");
        assertThat((String) invalid.get("last_error")).contains("personClientId must be a positive number");
        assertThat(outboxRow(outboxIds.get(ali)).get("source_file")).isEqualTo("erp-new-people-to-mahak");
        withSendLoop(() -> {
            awaitSentWithServerId(outboxIds.get(ali), ali);
            awaitSentWithServerId(outboxIds.get(sara), sara);
        });
        assertThat(savedPeople(ali).get(0).path("mobile").asText()).isEqualTo("09120000001");
        // later polls find nothing new: each row was moved once
        Thread.sleep(600);
        assertThat(query("SELECT COUNT(*) AS n FROM mahak_outbox WHERE entity = 'people' AND client_id IN (?, ?)", ali,
                sara).get(0).get("n").toString()).isEqualTo("2");
    }
}
