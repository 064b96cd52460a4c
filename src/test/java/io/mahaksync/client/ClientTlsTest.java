package io.mahaksync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.testsupport.LocalHttpsMahak;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;

/**
 * Certificates as the HTTP client to Mahak checks them (Apache HttpClient, configured as the camel-http endpoint
 * of routes/mahak-api.camel.yaml is, by {@link MahakHttpClient}), against a local HTTPS server whose certificate is
 * self-signed for 127.0.0.1: refused with the JVM's trust, accepted with the site's CA as a trust store
 * (PKCS12 or PEM), refused again for another host name, and each refusal named as a certificate problem.
 */
class ClientTlsTest {

    static final LocalHttpsMahak SERVER = LocalHttpsMahak.INSTANCE;

    private static String login(MahakTls tls, String baseUrl) throws IOException {
        MahakSettings settings = new MahakSettings(baseUrl, "tls-test-user", "tls-test-password-not-a-secret", 1,
                Optional.empty(), "md5", "V1", Duration.ofMinutes(20), Duration.ofSeconds(30), false,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Optional.empty(), Optional.empty(), "0");
        MahakHttpClient configurer = new MahakHttpClient(settings, tls);
        HttpClientBuilder builder = HttpClientBuilder.create();
        configurer.configureHttpClient(builder);
        try (CloseableHttpClient client = builder.build()) {
            HttpPost post = new HttpPost(baseUrl + "/Sync/LoginV2");
            post.setEntity(new StringEntity("{}", ContentType.APPLICATION_JSON));
            return client.execute(post, answer -> EntityUtils.toString(answer.getEntity()));
        } finally {
            configurer.stop();
        }
    }

    private static MahakTls trusting(Path store, String password) {
        return new MahakTls(Optional.ofNullable(store).map(Path::toString), Optional.ofNullable(password));
    }

    @Test
    void aSelfSignedCertificateIsRefusedWithoutTheTrustStoreAndSaidToBeOne() {
        URI uri = URI.create(SERVER.baseUrl());
        assertThatThrownBy(() -> login(trusting(null, null), SERVER.baseUrl())).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(MahakTls.certificateProblem((IOException) e, uri))
                        .contains("The TLS certificate of 127.0.0.1:" + uri.getPort() + " was refused",
                                "mahak.http.trust-store"));
    }

    @Test
    void theSitesCaAsTrustStoreIsAcceptedAsPkcs12OrPem() throws Exception {
        assertThat(login(trusting(SERVER.trustStore(), LocalHttpsMahak.TRUST_STORE_PASSWORD), SERVER.baseUrl()))
                .contains("tls-token");
        assertThat(login(trusting(SERVER.caPem(), null), SERVER.baseUrl())).contains("tls-token");
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsStillRefused() {
        String otherName = SERVER.baseUrl().replace("127.0.0.1", "localhost");
        MahakTls trusted = trusting(SERVER.trustStore(), LocalHttpsMahak.TRUST_STORE_PASSWORD);
        assertThatThrownBy(() -> login(trusted, otherName)).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(MahakTls.certificateProblem((IOException) e, URI.create(otherName)))
                        .contains("localhost", "was refused"));
    }

    @Test
    void aTrustStoreThatCannotBeReadStopsTheStartWithTheReason() {
        assertThatThrownBy(() -> MahakTls.load(SERVER.trustStore(), "wrong-password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mahak.http.trust-store").hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> MahakTls.load(Path.of("no-such-trust-store.p12"), null))
                .hasMessageContaining("no-such-trust-store.p12");
    }
}
