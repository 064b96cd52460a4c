package io.mahaksync.ops;

import static io.restassured.RestAssured.given;

import io.mahaksync.testsupport.SimulatorAndAdminOff;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With {@code mahak.admin.enabled=false} the admin API (and POST /push/{entity}) does not exist, even for the admin. */
@QuarkusTest
@TestProfile(SimulatorAndAdminOff.class)
class OpsAdminDisabledTest {

    @Test
    void everyAdminPathIsNotFound() {
        given().get("/admin/entities").then().statusCode(404);
        given().post("/admin/pull").then().statusCode(404);
        given().auth().preemptive().basic("admin", "demo-admin-password").get("/admin/dead-letters").then().statusCode(404);
        given().auth().preemptive().basic("admin", "demo-admin-password").post("/admin/entities/people/reset").then()
                .statusCode(404);
        // the push endpoint follows the admin API's switch (mahak.push.http-enabled)
        given().contentType("application/json").body("{\"personClientId\":1}").post("/push/people").then().statusCode(404);
        given().auth().preemptive().basic("admin", "demo-admin-password").contentType("application/json")
                .body("{\"personClientId\":1}").post("/push/people").then().statusCode(404);
        // the rest of the service is still there
        given().get("/q/health/live").then().statusCode(200);
    }
}
