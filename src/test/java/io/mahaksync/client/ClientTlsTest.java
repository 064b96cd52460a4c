package io.mahaksync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.testsupport.LocalHttpsMahak;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Certificates as the HTTP client to Mahak checks them, against a local HTTPS server whose certificate is
 * self-signed for 127.0.0.1: refused with the JVM's trust, accepted with the site's CA as a trust store
 * (PKCS12 or PEM), refused again for another host name, and each refusal named as a certificate problem.
 */
class ClientTlsTest {

    static final LocalHttpsMahak SERVER = LocalHttpsMahak.INSTANCE;

    private static HttpResponse<String> login(HttpClient client, String baseUrl) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/Sync/LoginV2"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder();
        if (tls != null) {
            b.sslContext(tls);
        }
        return b.build();
    }

    @Test
    void aSelfSignedCertificateIsRefusedWithoutTheTrustStoreAndSaidToBeOne() {
        URI uri = URI.create(SERVER.baseUrl());
        assertThatThrownBy(() -> login(client(null), SERVER.baseUrl())).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(MahakTls.certificateProblem((IOException) e, uri))
                        .contains("The TLS certificate of 127.0.0.1:" + uri.getPort() + " was refused",
                                "mahak.http.trust-store"));
    }

    @Test
    void theSitesCaAsTrustStoreIsAcceptedAsPkcs12OrPem() throws Exception {
        assertThat(login(client(MahakTls.load(SERVER.trustStore(), LocalHttpsMahak.TRUST_STORE_PASSWORD)),
                SERVER.baseUrl()).body()).contains("tls-token");
        assertThat(login(client(MahakTls.load(SERVER.caPem(), null)), SERVER.baseUrl()).body()).contains("tls-token");
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsStillRefused() {
        String otherName = SERVER.baseUrl().replace("127.0.0.1", "localhost");
        SSLContext trusted = MahakTls.load(SERVER.trustStore(), LocalHttpsMahak.TRUST_STORE_PASSWORD);
        assertThatThrownBy(() -> login(client(trusted), otherName)).isInstanceOf(IOException.class)
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
