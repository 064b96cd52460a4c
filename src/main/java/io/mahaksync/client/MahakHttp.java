package io.mahaksync.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.scrub.Scrubber;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * HTTP to Mahak and the mapping of what comes back to the exception kinds the error handler
 * knows: 401 (log in again), 429 / 5xx / timeouts (transient, Retry-After kept), other statuses
 * (permanent). It records call latency and status per endpoint as metrics.
 */
@Singleton
public class MahakHttp {

    private final HttpClient client;
    private final MahakSettings settings;
    private final ObjectMapper mapper;
    private final MahakConnectionState state;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    MahakHttp(MahakSettings settings, ObjectMapper mapper, MahakConnectionState state, MeterRegistry meters,
            MahakTls tls) {
        this.settings = settings;
        this.mapper = mapper;
        this.state = state;
        this.meters = meters;
        // HTTP/1.1, as Mahak's own clients speak: a large GetAllData page streams as one plain body
        // instead of HTTP/2 frames (which doubled the simulator's CPU per page in the benchmark).
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        tls.sslContext().ifPresent(builder::sslContext); // a site's own CA (mahak.http.trust-store)
        this.client = builder.build();
    }

    /** POSTs JSON and returns the answer still unread, for streaming; the status is already checked. */
    public InputStream postForStream(String endpoint, URI uri, JsonNode body, String token) {
        HttpResponse<InputStream> response = send(endpoint, uri, body, token);
        return response.body();
    }

    /** POSTs JSON and parses the whole answer; the status is checked, the envelope is not. */
    public JsonNode postJson(String endpoint, URI uri, JsonNode body, String token) {
        try (InputStream in = postForStream(endpoint, uri, body, token)) {
            return mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new MahakPermanentException(endpoint, null,
                    "Mahak's answer to " + endpoint + " is not valid JSON: " + Scrubber.scrub(e.getOriginalMessage())
                            + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
                    null);
        } catch (IOException e) {
            throw new MahakTransientException(endpoint, 0, null,
                    "Reading Mahak's answer to " + endpoint + " failed: " + Scrubber.scrub(e.getMessage()), e);
        }
    }

    /** Sends any prepared request to Mahak with the same status mapping (multipart uploads, lookups). */
    public HttpResponse<InputStream> send(String endpoint, HttpRequest request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "io_error";
        try {
            HttpResponse<InputStream> response = client.send(request, ReadDeadline.handler(endpoint, settings.readTimeout()));
            outcome = String.valueOf(response.statusCode());
            return checkStatus(endpoint, response);
        } catch (HttpTimeoutException e) {
            outcome = "timeout";
            throw failed(new MahakTransientException(endpoint, 0, null,
                    endpoint + " timed out after " + settings.readTimeout().toSeconds() + " s", e));
        } catch (IOException e) {
            String certificate = MahakTls.certificateProblem(e, request.uri());
            if (certificate != null) {
                // not trusted, expired or for another host: retrying cannot help, health names it
                state.configurationFailed(certificate);
                throw new MahakConfigurationException(endpoint, null, certificate);
            }
            throw failed(new MahakTransientException(endpoint, 0, null,
                    endpoint + " failed before an answer arrived: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + Scrubber.scrub(e.getMessage())), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MahakTransientException(endpoint, 0, null, endpoint + " was interrupted", e);
        } finally {
            sample.stop(meters.timer("mahak.client.requests", "endpoint", endpoint, "status", outcome));
        }
    }

    private HttpResponse<InputStream> send(String endpoint, URI uri, JsonNode body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + endpoint + " request", e);
        }
        return send(endpoint, request.POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    private HttpResponse<InputStream> checkStatus(String endpoint, HttpResponse<InputStream> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String snippet = readSnippet(response.body());
        if (status == 401) {
            throw new MahakUnauthorizedException(endpoint);
        }
        if (status == 429 || status == 408 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
            throw failed(new MahakTransientException(endpoint, status, retryAfter,
                    endpoint + " answered HTTP " + status + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)")
                            + snippet, null));
        }
        throw failed(new MahakPermanentException(endpoint, null, endpoint + " answered HTTP " + status + snippet, null));
    }

    private <E extends MahakException> E failed(E e) {
        state.callFailed(e.getMessage());
        return e;
    }

    /** The start of an error answer, scrubbed: a server may echo the request, password hash included. */
    private static String readSnippet(InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(300);
            String text = Scrubber.scrub(new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim());
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return "";
        }
    }
}
