package io.mahaksync.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.simulator.seed.SeedState;
import io.mahaksync.testsupport.SimulatorAndAdminOff;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** With mahak.simulator.enabled=false (the prod profile's setting) nothing answers and nothing is seeded. */
@QuarkusTest
@TestProfile(SimulatorAndAdminOff.class)
class SimulatorDisabledTest {

    @Inject
    SeedState seedState;

    @Test
    void everyEndpointAnswers404AndNothingIsSeeded() {
        given().contentType("application/json").body("{\"userName\":\"demo\",\"password\":\"x\",\"databaseId\":1}")
                .post("/API/v3/Sync/LoginV2").then().statusCode(404);
        given().contentType("application/json").body("{}").post("/api/v3/sync/getalldatav2").then().statusCode(404);
        given().get("/simulator/admin/status").then().statusCode(404);
        assertThat(seedState.seeded()).isFalse();
    }
}
