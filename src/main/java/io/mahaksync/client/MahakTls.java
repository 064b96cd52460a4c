package io.mahaksync.client;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whom the HTTP client to Mahak trusts: the JVM's certificate authorities, or those of a trust store
 * ({@code mahak.http.trust-store}: PKCS12, JKS, or PEM certificates) for a site that fronts Mahak with
 * its own CA. Chains and host names are checked as ever; a certificate that fails is a configuration
 * problem ({@link #certificateProblem}), not a transient fault.
 */
@Singleton
public class MahakTls {

    private final SSLContext context;

    MahakTls(@ConfigProperty(name = "mahak.http.trust-store") Optional<String> trustStore,
            @ConfigProperty(name = "mahak.http.trust-store-password") Optional<String> password) {
        this.context = trustStore.filter(s -> !s.isBlank())
                .map(file -> load(Path.of(file), password.filter(s -> !s.isEmpty()).orElse(null)))
                .orElse(null);
    }

    /** The context trusting the configured store, or empty for the JVM's default trust. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(context);
    }

    static SSLContext load(Path file, String password) {
        try {
            KeyStore store = isPem(file) ? pemStore(file) : KeyStore.getInstance(KeyStore.getDefaultType());
            if (!isPem(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password == null ? null : password.toCharArray());
                }
            }
            if (store.size() == 0) {
                throw new IllegalStateException("mahak.http.trust-store " + file + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("mahak.http.trust-store " + file + " cannot be read: " + e.getMessage()
                    + " (check the file and mahak.http.trust-store-password)", e);
        }
    }

    private static boolean isPem(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer");
    }

    /** Every certificate of a PEM (or DER) file, as trusted entries. */
    private static KeyStore pemStore(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(file)) {
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("mahak-ca-" + n++, c);
            }
        }
        return store;
    }

    /**
     * What an operator must fix when a TLS failure is about the server's certificate (not trusted,
     * expired, issued for another host), or null when it is something else (a dropped connection).
     */
    static String certificateProblem(IOException failure, URI uri) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // the JDK's check of chain and host name, or (host name) Apache HttpClient's own
            if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) {
                return "The TLS certificate of " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                        + " was refused: " + t.getMessage() + ". If the site uses its own certificate authority, "
                        + "trust it with mahak.http.trust-store; if the certificate is for another host name, "
                        + "fix mahak.base-url";
            }
        }
        return null;
    }
}
