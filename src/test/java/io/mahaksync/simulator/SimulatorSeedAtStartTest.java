package io.mahaksync.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.simulator.seed.SeedState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed at start-up runs beside the start, not on its main thread: the application may be up before it
 * ends. Whatever the simulator answers first must already see all of it (a client that logs in and reads
 * then must not get half a database, nor a SyncId that changes when the seed completes).
 */
@QuarkusTest
@TestProfile(SimulatorSeedAtStartTest.LargeSeed.class)
class SimulatorSeedAtStartTest {

    /** Large enough that seeding is still running when the first request arrives. */
    public static class LargeSeed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.simulator.records", "60000", "mahak.simulator.seed-on-start", "true");
        }
    }

    @Inject
    SeedState seedState;

    @Inject
    MahakSimulator simulator;

    @Test
    void theFirstAnswersAfterTheStartSeeTheWholeSeed() {
        int loginSyncId = SimulatorClient.login().then().statusCode(200).extract().path("Data.SyncId");
        Map<String, Integer> firstCounts = given().get("/simulator/admin/status").then().statusCode(200)
                .extract().path("counts");

        assertThat(seedState.seeded()).as("answered only once seeded").isTrue();
        assertThat(loginSyncId).as("Login named the seeded database").isEqualTo(simulator.syncId());
        Map<String, Long> now = simulator.counts();
        assertThat(firstCounts).hasSameSizeAs(now);
        now.forEach((entity, count) -> assertThat(firstCounts.get(entity).longValue()).as(entity).isEqualTo(count));
        assertThat(now.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60_000);
    }
}
