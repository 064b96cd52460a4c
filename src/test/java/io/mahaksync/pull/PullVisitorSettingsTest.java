package io.mahaksync.pull;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.client.TokenManager;
import io.mahaksync.simulator.RequestLog;
import io.mahaksync.simulator.store.RecordState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings one line away from the defaults: {@code mahak.visitor-id} names another visitor than Login's,
 * {@code mahak.api-version=V2} switches the paths, {@code mahak.pull.order-types} fills orderTypes.
 */
@QuarkusTest
@TestProfile(PullVisitorSettingsTest.OtherVisitorOnV2.class)
class PullVisitorSettingsTest extends PullScenario {

    public static class OtherVisitorOnV2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.visitor-id", "1", "mahak.api-version", "V2", "mahak.pull.order-types", "202,203");
        }
    }

    @Inject
    TokenManager tokens;

    @BeforeEach
    void clean() throws Exception {
        freshStart(1000);
        tokens.invalidate(null);
    }

    @Test
    void theConfiguredVisitorOrderTypesAndV2PathsAreWhatMahakIsAskedFor() throws Exception {
        simulator.reseed(11, 1000, 3, 0.5); // Login names 3; visitor 1 has the other half

        pull(List.of("people", "orders"));

        assertThat(targetStates("people")).extracting(RecordState::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(51, 100).boxed().toList());
        assertThat(targetStates("orders")).as("every seeded order is a sale (201)").isEmpty();
        List<RequestLog.Entry> log = simulator.requestLog();
        assertThat(log).extracting(RequestLog.Entry::path).contains("/API/v3/Sync/LoginV2")
                .doesNotContain("/API/v3/Sync/GetAllData");
        assertThat(log).filteredOn(e -> e.path().equals("/API/v3/Sync/GetAllDataV2")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.currentVisitorId()).isEqualTo(1L));
        JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
        assertThat(ready.getString("checks.find { it.name == 'mahak-login' }.data.visitor"))
                .isEqualTo("visitor 1 from mahak.visitor-id (Login said 3)");
    }
}
