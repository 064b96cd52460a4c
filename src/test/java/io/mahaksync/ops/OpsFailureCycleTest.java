package io.mahaksync.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Full pull cycles against a failing Mahak (500s, 401s, a refused re-login) on PostgreSQL: readiness
 * names the stale entity and the configuration error, failed calls and retries show in the metrics, one line per
 * cycle is logged, and no log line carries the Mahak password (plain or hashed), the database
 * password, the admin password or a token.
 */
@QuarkusTest
@TestProfile(OpsFailureCycleTest.FailingMahak.class)
class OpsFailureCycleTest {

    static final String MAHAK_PASSWORD = "mahak-PW-s3cret-9f1c";
    static final String DB_PASSWORD = "db-PW-s3cret-77ab";
    static final String ADMIN_PASSWORD = "admin-PW-s3cret-4e2d";
    static final Path LOG_FILE = Path.of("target", "ops-failure-cycle.log");

    public static class FailingMahak implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>(new PostgresTarget().getConfigOverrides());
            c.put("mahak.base-url", OpsFailingMahak.INSTANCE.baseUrl());
            c.put("mahak.password", MAHAK_PASSWORD);
            // PostgreSQL here trusts local connections, so the password travels but is not checked.
            c.put("mahak.target.password", DB_PASSWORD);
            c.put("mahak.admin.password", ADMIN_PASSWORD);
            c.put("mahak.pull.enabled", "true");
            c.put("mahak.pull.entities", "people");
            // This stand-in is another Mahak than the simulator the shared database last synced from: no identity check
            c.put("mahak.pull.source-identity", "none");
            c.put("mahak.pull.interval", "PT1S");
            c.put("mahak.pull.tick-ms", "500");
            c.put("mahak.health.stale-after-intervals", "2");
            c.put("mahak.health.login-attempt-interval", "PT0S");
            c.put("mahak.ops.cache-ttl", "PT0.2S");
            c.put("mahak.retry.max-attempts", "2");
            c.put("mahak.retry.initial-delay-ms", "10");
            c.put("mahak.retry.max-delay-ms", "50");
            c.put("mahak.push.enabled", "false");
            c.put("quarkus.log.file.enabled", "true");
            c.put("quarkus.log.file.path", LOG_FILE.toString());
            c.put("quarkus.log.file.json.enabled", "true");
            c.put("quarkus.log.category.\"io.mahaksync\".level", "DEBUG");
            c.put("quarkus.log.file.level", "DEBUG");
            return c;
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    @Test
    void failuresAreVisibleAndNoSecretIsLogged() throws Exception {
        // An operator's pull during the failures: it fails with the reason, not with a stack of secrets.
        int status = given().auth().preemptive().basic("admin", ADMIN_PASSWORD).post("/admin/pull/people?wait=true")
                .then().extract().statusCode();
        assertThat(status).isIn(200, 502);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath ready = given().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
            assertThat(ready.getString("checks.find { it.name == 'mahak-sync-staleness' }.status")).isEqualTo("DOWN");
            assertThat(ready.getString("checks.find { it.name == 'mahak-sync-staleness' }.data.staleEntities"))
                    .isEqualTo("people");
            assertThat(ready.getString("checks.find { it.name == 'mahak-login' }.status")).isEqualTo("DOWN");
            assertThat(ready.getString("checks.find { it.name == 'mahak-login' }.data.configurationError"))
                    .contains("1002", "mahak.password-hash=plain");
        });
        given().get("/q/health/live").then().statusCode(200);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("mahak_client_requests_seconds_count{endpoint=\"GetAllData\",status=\"500\"}");
        // the 500s were retried by the shared error policy, and each retry counted
        assertThat(metrics).containsPattern("mahak_retries_total\\{exception=\"MahakTransientException\",route=\"pull-[a-z]+\"\\} [1-9]");
        assertThat(metrics).contains("mahak_sync_failing{entity=\"people\"} 1.0");

        List<String> lines = Files.readAllLines(LOG_FILE, StandardCharsets.UTF_8);
        assertThat(lines).as("log lines written").hasSizeGreaterThan(20);
        assertThat(lines).as("one line per successful cycle per entity")
                .anyMatch(l -> l.contains("Pull cycle people: 0 upserted, 0 deleted"));
        assertThat(lines).as("the failures are logged").anyMatch(l -> l.contains("GetAllData"));
        assertThat(lines).as("the refused login is logged").anyMatch(l -> l.contains("1002"));

        assertThat(OpsFailingMahak.INSTANCE.tokensIssued).hasSizeGreaterThanOrEqualTo(2);
        List<String> secrets = new ArrayList<>(List.of(MAHAK_PASSWORD, md5Hex(MAHAK_PASSWORD), DB_PASSWORD,
                ADMIN_PASSWORD));
        secrets.addAll(OpsFailingMahak.INSTANCE.tokensIssued);
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line").doesNotContain(secret);
            }
            assertThat(line).doesNotContain("tok-SECRET-");
        }
        // The metrics and the health answers are just as clean.
        String health = given().get("/q/health").then().extract().asString();
        for (String secret : secrets) {
            assertThat(metrics).doesNotContain(secret);
            assertThat(health).doesNotContain(secret);
        }
    }

    private static String md5Hex(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, d));
    }
}
