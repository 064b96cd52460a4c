package io.mahaksync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * mahak.rate-limit holds every request to Mahak (the login too) to that many a second, through the throttle of
 * routes/mahak-api.camel.yaml. Loosely measured: 6 requests at 2 a second cannot all leave within 2 s.
 */
@QuarkusTest
@TestProfile(ClientRateLimitTest.TwoPerSecond.class)
class ClientRateLimitTest {

    public static class TwoPerSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.rate-limit", "2", "mahak.health.login-attempt-interval", "PT1H");
        }
    }

    @Inject
    MahakClient client;

    @Inject
    TokenManager tokens;

    @Test
    void fiveCallsAndTheirLoginAtTwoASecondTakeTwoSecondsAtLeast() throws Exception {
        tokens.invalidate(null);
        Instant start = Instant.now();
        client.ensureLoggedIn(); // request 1
        for (int i = 0; i < 5; i++) { // requests 2..6
            try (InputStream answer = client.getAllData(JsonNodeFactory.instance.objectNode().put("fromBankVersion", 0))) {
                answer.readAllBytes();
            }
        }
        Duration took = Duration.between(start, Instant.now());
        // 2 at once, 2 a second later, 2 more a second after that
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
    }
}
