package io.mahaksync.push;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The push entry on an H2 target, plus the admin login throttle on POST /push/{entity}. */
@QuarkusTest
@TestProfile(PushProfiles.H2.class)
class PushEntryH2Test extends PushEntryScenarios {

    @Test
    void refusedLoginsOnThePushEndpointLockTheClientOutAsOnTheAdminApi() {
        // a login that works clears what earlier tests' refused logins counted
        admin().contentType(ContentType.JSON).body("[]").post("/push/people").then().statusCode(202);
        for (int i = 0; i < 3; i++) {
            given().auth().preemptive().basic("admin", "guess-" + i).contentType(ContentType.JSON).body("[]")
                    .post("/push/people").then().statusCode(401);
        }
        // locked out: even the right password is answered 429 until the lockout (2 s here) has passed
        admin().contentType(ContentType.JSON).body("[]").post("/push/people").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> admin()
                .contentType(ContentType.JSON).body("[]").post("/push/people").statusCode() == 202);
    }
}
