package io.mahaksync.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.mahaksync.testsupport.LocalHttpsMahak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/**
 * The service pointed at an HTTPS Mahak whose certificate its JVM does not trust: readiness names the
 * certificate problem as a configuration error, and a pull tries once instead of retrying it as a
 * transient fault.
 */
@QuarkusTest
@TestProfile(ClientTlsHealthTest.Untrusted.class)
class ClientTlsHealthTest {

    static final LocalHttpsMahak SERVER = LocalHttpsMahak.INSTANCE;

    public static class Untrusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.base-url", SERVER.baseUrl(), "mahak.retry.max-attempts", "3",
                    "mahak.health.login-attempt-interval", "PT0S");
        }
    }

    @Inject
    ProducerTemplate producer;

    @Test
    void anUntrustedCertificateIsAConfigurationErrorInHealthAndIsNotRetried() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'mahak-login' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("checks.find { it.name == 'mahak-login' }.data.configurationError",
                        org.hamcrest.Matchers.allOf(containsString("TLS certificate of 127.0.0.1"),
                                containsString("mahak.http.trust-store")));

        int before = SERVER.connections();
        try {
            producer.requestBody("direct:pull-now", List.of("people"));
        } catch (RuntimeException expected) {
            // the cycle fails with the configuration error
        }
        assertThat(SERVER.connections() - before).as("one attempt, no transient retries").isEqualTo(1);
        assertThat(SERVER.answered()).as("no request got past the handshake").isZero();
    }
}
