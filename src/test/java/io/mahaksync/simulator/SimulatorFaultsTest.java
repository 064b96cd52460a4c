package io.mahaksync.simulator;

import static io.mahaksync.simulator.SimulatorClient.authed;
import static io.mahaksync.simulator.SimulatorClient.getAllData;
import static io.mahaksync.simulator.SimulatorClient.json;
import static io.mahaksync.simulator.SimulatorClient.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahaksync.simulator.fault.FaultKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault switch, set through the admin API or the Java API, seen by a client over real HTTP. */
@QuarkusTest
class SimulatorFaultsTest {

    static final String BANKS = "{\"fromBankVersion\":0}";

    @Inject
    MahakSimulator simulator;

    String token;

    @BeforeEach
    void fresh() {
        simulator.resetBehaviour();
        simulator.reseed(3, 300);
        token = token();
    }

    @AfterEach
    void calm() {
        simulator.resetBehaviour();
    }

    @Test
    void rateLimitOnTheNextCallsOfOneEndpointWithRetryAfter() {
        given().contentType("application/json")
                .body("{\"rateLimit\":{\"next\":2,\"endpoint\":\"GetAllData\",\"retryAfterSeconds\":3}}")
                .put("/simulator/admin/faults").then().statusCode(200);
        authed(token).body("{}").post("/API/v3/Sync/SaveAllDataV2").then().statusCode(200);
        for (int i = 0; i < 2; i++) {
            authed(token).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(429)
                    .header("Retry-After", "3");
        }
        authed(token).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200);
    }

    @Test
    void rateLimitOnAFractionOfCalls() {
        simulator.fault(FaultKind.RATE_LIMIT, 1.0, 0, null, 1);
        authed(token).body(BANKS).post("/API/v3/Sync/GetAllData").then().statusCode(429).header("Retry-After", "1");
        simulator.fault(FaultKind.RATE_LIMIT, 0.0, 0, null, 1);
        authed(token).body(BANKS).post("/API/v3/Sync/GetAllData").then().statusCode(200);
    }

    @Test
    void serverErrorsOnTheNextCalls() {
        simulator.fault(FaultKind.SERVER_ERROR, 0, 1, "SaveAllData", 0);
        authed(token).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200);
        authed(token).body("{}").post("/API/v3/Sync/SaveAllDataV2").then().statusCode(500);
        authed(token).body("{}").post("/API/v3/Sync/SaveAllDataV2").then().statusCode(200);
    }

    @Test
    void slowAnswersAreDelayed() {
        given().contentType("application/json").body("{\"delay\":{\"next\":1,\"ms\":700}}")
                .put("/simulator/admin/faults").then().statusCode(200);
        long start = System.nanoTime();
        JsonNode answer = getAllData(token, BANKS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(answer.path("Data").path("Objects").path("Banks").isArray()).isTrue();
        start = System.nanoTime();
        getAllData(token, BANKS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
    }

    @Test
    void droppedConnectionsCloseWithoutAnAnswer() {
        simulator.clearRequestLog();
        simulator.fault(FaultKind.DROP, 0, 1, "GetAllData", 0);
        assertThatThrownBy(() -> authed(token).body(BANKS).post("/API/v3/Sync/GetAllDataV2"))
                .isInstanceOf(Exception.class);
        authed(token).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200);
        // the log entry is written when the server has finished, which may be just after the client has read
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                simulator.requestLog()).extracting(RequestLog.Entry::status).containsExactly(0, 200));
    }

    @Test
    void malformedGetAllDataBodiesAreNotJson() {
        simulator.fault(FaultKind.MALFORMED, 0, 1, null, 0);
        String body = authed(token).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200).extract()
                .asString();
        assertThat(body).startsWith("{\"Result\":true");
        assertThatThrownBy(() -> SimulatorClient.JSON.readTree(body)).isInstanceOf(Exception.class);
        assertThat(getAllData(token, BANKS).path("Result").asBoolean()).isTrue();
    }

    @Test
    void expiredTokensGet401AndALoginHelps() throws InterruptedException {
        given().contentType("application/json").body("{\"tokenLifetimeSeconds\":1}").put("/simulator/admin/faults")
                .then().statusCode(200);
        String shortLived = token();
        authed(shortLived).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200);
        Thread.sleep(1100);
        authed(shortLived).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(401);
        simulator.tokenLifetime(Duration.ofMinutes(5));
        String renewed = token();
        authed(renewed).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200);
        given().post("/simulator/admin/tokens/expire").then().statusCode(204);
        authed(renewed).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(401);
    }

    @Test
    void cursorModeExclusiveAndInclusive() {
        long bankVersion = simulator.states("banks").get(0).rowVersion();
        String request = "{\"fromBankVersion\":" + bankVersion + "}";
        List<Long> exclusive = versions(getAllData(token, request).path("Data").path("Objects").path("Banks"));
        assertThat(exclusive).allMatch(v -> v > bankVersion);
        given().contentType("application/json").body("{\"cursorMode\":\"inclusive\"}").put("/simulator/admin/faults")
                .then().statusCode(200);
        List<Long> inclusive = versions(getAllData(token, request).path("Data").path("Objects").path("Banks"));
        assertThat(inclusive).contains(bankVersion).allMatch(v -> v >= bankVersion);
        assertThat(inclusive).hasSize(exclusive.size() + 1);
    }

    @Test
    void theGuideDialectChangesTheEnvelopeAndTheLoginAnswer() {
        given().contentType("application/json").body("{\"dialect\":\"guide\"}").put("/simulator/admin/faults").then()
                .statusCode(200);
        JsonNode login = json(SimulatorClient.login().then().statusCode(200).extract().asString());
        assertThat(SimulatorClient.fieldNames(login)).containsExactlyInAnyOrder("success", "code", "message", "data");
        assertThat(SimulatorClient.fieldNames(login.get("data"))).containsExactlyInAnyOrder("token", "expireDate");
        String guideToken = login.path("data").path("token").asText();
        JsonNode page = json(authed(guideToken).body(BANKS).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200)
                .extract().asString());
        assertThat(page.path("success").asBoolean()).isTrue();
        assertThat(page.path("data").path("Objects").path("Banks").isArray()).isTrue();
        given().delete("/simulator/admin/faults").then().statusCode(200);
        assertThat(json(SimulatorClient.login().asString()).has("Result")).isTrue();
    }

    @Test
    void theAdminApiShowsTheSwitches() {
        Response faults = given().contentType("application/json")
                .body("{\"serverError\":{\"fraction\":0.25,\"endpoint\":\"Login\"}}").put("/simulator/admin/faults");
        faults.then().statusCode(200);
        JsonNode state = json(faults.asString());
        assertThat(state.path("serverError").path("fraction").asDouble()).isEqualTo(0.25);
        assertThat(state.path("serverError").path("endpoint").asText()).isEqualTo("Login");
        assertThat(state.path("cursorMode").asText()).isEqualTo("exclusive");
        given().contentType("application/json").body("{\"drop\":{\"fraction\":2}}").put("/simulator/admin/faults")
                .then().statusCode(400);
    }

    private static List<Long> versions(JsonNode rows) {
        return java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                .map(r -> r.path("RowVersion").asLong()).toList();
    }
}
