package io.mahaksync.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.mahaksync.testsupport.LocalHttpsMahak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same HTTPS Mahak with its site CA configured as mahak.http.trust-store: the login goes through. */
@QuarkusTest
@TestProfile(ClientTlsTrustStoreTest.Trusted.class)
class ClientTlsTrustStoreTest {

    static final LocalHttpsMahak SERVER = LocalHttpsMahak.INSTANCE;

    public static class Trusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.base-url", SERVER.baseUrl(),
                    "mahak.http.trust-store", SERVER.trustStore().toString(),
                    "mahak.http.trust-store-password", LocalHttpsMahak.TRUST_STORE_PASSWORD,
                    "mahak.health.login-attempt-interval", "PT0S");
        }
    }

    @Test
    void theSitesCaInTheTrustStoreLetsTheServiceLogIn() {
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'mahak-login' }.status", equalTo("UP"));
        assertThat(SERVER.answered()).isPositive();
    }
}
