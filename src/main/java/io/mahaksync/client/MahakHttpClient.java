package io.mahaksync.client;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.util.Timeout;

/**
 * The Apache HttpClient behind the camel-http endpoint of routes/mahak-api.camel.yaml: the site's trust store
 * ({@link MahakTls}), {@code mahak.connect-timeout}, {@code mahak.read-timeout} per read and as one budget per
 * answer ({@link ReadDeadline}), no redirects, no automatic retries (the error policy decides), no cookies and
 * no compression (the answer is read as Mahak sends it, as before). HTTP/1.1, as Mahak's own clients speak.
 */
@Singleton
@Named("mahakHttpClient")
public class MahakHttpClient implements HttpClientConfigurer {

    /** Connections kept to Mahak: the pull, the push routes and health at once, with room to spare. */
    private static final int MAX_CONNECTIONS = 16;

    private final MahakSettings settings;
    private final MahakTls tls;
    private final ScheduledThreadPoolExecutor watchdog;

    MahakHttpClient(MahakSettings settings, MahakTls tls) {
        this.settings = settings;
        this.tls = tls;
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mahak-read-deadline");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true); // one alarm per read, nearly all cancelled
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        Timeout connect = Timeout.of(settings.connectTimeout());
        Timeout read = Timeout.of(settings.readTimeout());
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS);
        tls.sslContext().ifPresent(context -> connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(context)));
        builder.setConnectionManager(connections.build())
                .setConnectionManagerShared(false)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(read)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .addExecInterceptorFirst("mahak-read-deadline", new ReadDeadline(settings.readTimeout(), watchdog));
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }
}
