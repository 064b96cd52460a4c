package io.mahaksync.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.mahaksync.simulator.TokenService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service in the prod profile, as a cluster runs it, with the simulator switched on by one variable:
 * what an anonymous caller can and cannot see or try. The service's own Mahak login is a "real" one here
 * (its base URL is a closed local port, so readiness is DOWN).
 */
@QuarkusTest
@TestProfile(OpsProdExposureTest.Prod.class)
class OpsProdExposureTest {

    static final String ADMIN_PASSWORD = "admin-PW-prod-3c9e";
    static final String REAL_USER = "shop-sync";
    static final String REAL_PASSWORD = "real-mahak-PW-71d0";
    static final Path LOG_FILE = Path.of("target", "ops-prod-exposure.log");

    public static class Prod implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG_FILE); // this run's lines only
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, String> c = new HashMap<>();
            c.put("mahak.simulator.enabled", "true");
            c.put("mahak.simulator.records", "20");
            c.put("mahak.admin.password", ADMIN_PASSWORD);
            c.put("mahak.username", REAL_USER);
            c.put("mahak.password", REAL_PASSWORD);
            c.put("mahak.base-url", "https://127.0.0.1:9/API/v3");
            c.put("mahak.target.jdbc-url", "jdbc:h2:mem:ops-prod-exposure;DB_CLOSE_DELAY=-1");
            c.put("mahak.pull.enabled", "false");
            c.put("mahak.push.enabled", "false");
            c.put("mahak.admin.login-max-failures", "3");
            c.put("mahak.admin.login-lockout", "PT2S");
            c.put("quarkus.log.file.enabled", "true");
            c.put("quarkus.log.file.path", LOG_FILE.toString());
            return c;
        }
    }

    private static String log() throws Exception {
        return Files.readString(LOG_FILE, StandardCharsets.UTF_8);
    }

    @Test
    void theOpenApiDocumentNeedsTheAdmin() {
        given().get("/q/openapi").then().statusCode(401);
        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).get("/q/openapi").then().statusCode(200)
                .body(containsString("/admin/pull"));
    }

    @Test
    void probesGetTheStatusButOnlyTheAdminSeesTheDetails() {
        Response anonymous = given().get("/q/health/ready");
        assertThat(anonymous.statusCode()).isEqualTo(503);
        assertThat(anonymous.jsonPath().getString("status")).isEqualTo("DOWN");
        assertThat(anonymous.jsonPath().getList("checks.name")).contains("mahak-login", "mahak-target-database");
        assertThat(anonymous.asString()).doesNotContain("\"data\"", "127.0.0.1:9", "jdbc:");

        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'mahak-login' }.data.baseUrl", equalTo("https://127.0.0.1:9/API/v3"));

        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body(not(containsString("\"data\"")));
        for (String path : List.of("/q/health", "/q/health/started", "/q/health/")) {
            assertThat(given().get(path).asString()).as(path).doesNotContain("\"data\"");
        }
    }

    @Test
    void theSimulatorSwitchedOnInProdIsLoudAndNeverAcceptsTheRealMahakLogin() throws Exception {
        assertThat(log()).contains("THE BUILT-IN MAHAK SIMULATOR IS ON IN THE PROD PROFILE");
        for (String endpoint : List.of("LoginV2", "Login")) {
            given().contentType("application/json")
                    .body("{\"userName\":\"" + REAL_USER + "\",\"password\":\"" + TokenService.md5Hex(REAL_PASSWORD)
                            + "\",\"databaseId\":1}")
                    .post("/API/v3/Sync/" + endpoint).then().statusCode(200)
                    .body("Result", equalTo(false)).body("Code", equalTo(1002));
        }
        given().contentType("application/json")
                .body("{\"userName\":\"demo\",\"password\":\"" + TokenService.md5Hex("demo") + "\",\"databaseId\":1}")
                .post("/API/v3/Sync/LoginV2").then().statusCode(200).body("Result", equalTo(true));
    }

    @Test
    void repeatedWrongAdminPasswordsAreSlowedDownAndLoggedOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            given().auth().preemptive().basic("admin", "guess-" + i).get("/admin/entities").then().statusCode(401);
        }
        Response locked = given().auth().preemptive().basic("admin", "guess-3").get("/admin/entities");
        assertThat(locked.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        // even the right password waits: the lockout is per client, not per guess
        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).get("/admin/entities").then().statusCode(429);
        // probes and anonymous calls are not held up
        given().get("/q/health/live").then().statusCode(200);

        Thread.sleep(retryAfter * 1000 + 200);
        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).get("/admin/entities").then().statusCode(200);
        assertThat(log().lines().filter(l -> l.contains("failed logins in a row from")).count())
                .as("one log line per lockout, not one per refused call").isEqualTo(1);
        assertThat(log()).doesNotContain("guess-");
    }
}
