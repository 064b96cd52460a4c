package io.mahaksync.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.scrub.Scrubber;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What Mahak's HTTP answers mean, for the send route of routes/mahak-api.camel.yaml: the status mapped to the
 * exception kinds the error handler knows (401: one fresh login, done by the route; 429 / 408 / 5xx / timeouts /
 * a failure before an answer: transient, Retry-After kept; a refused certificate: configuration; other
 * statuses: permanent), error snippets scrubbed, the {@code mahak.client.requests} timer per endpoint and
 * status, and the connection state health reports.
 */
@Singleton
@Named("mahakAnswer")
public class MahakAnswers {

    private final MahakSettings settings;
    private final MahakConnectionState state;
    private final MeterRegistry meters;
    private final TokenManager tokens;
    private final Clock clock = Clock.systemUTC();

    MahakAnswers(MahakSettings settings, MahakConnectionState state, MeterRegistry meters, TokenManager tokens) {
        this.settings = settings;
        this.state = state;
        this.meters = meters;
        this.tokens = tokens;
    }

    /** The request is about to leave: its timer starts. */
    public void sending(Exchange exchange) {
        exchange.setProperty(MahakExchange.TIMER, Timer.start(meters));
    }

    /**
     * Checks the status of the answer that arrived. A success leaves its body unread for the caller; a 401 to a
     * call marks the exchange for one fresh login and one more send; anything else throws.
     */
    public void check(Exchange exchange) {
        String endpoint = endpoint(exchange);
        Message answer = exchange.getMessage();
        Integer code = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int status = code == null ? 0 : code;
        timed(exchange, endpoint, String.valueOf(status));
        exchange.removeProperty(MahakExchange.UNAUTHORIZED);
        if (status >= 200 && status < 300) {
            // the answer reaches its reader unread: no later step of the exchange caches (reads) it whole
            exchange.getExchangeExtension().setStreamCacheDisabled(true);
            return;
        }
        String retryAfterHeader = answer.getHeader("Retry-After", String.class);
        String snippet = readSnippet(answer.getBody(InputStream.class));
        answer.setBody(null);
        if (status == 401) {
            if (endpoint.startsWith("Login")) {
                throw tokens.loginUnauthorized(endpoint);
            }
            if (exchange.getProperty(MahakExchange.RESENT, false, Boolean.class)) {
                tokens.rejected(exchange);
                throw new MahakPermanentException(endpoint, null, endpoint + " answered 401 even with a fresh token", null);
            }
            exchange.setProperty(MahakExchange.UNAUTHORIZED, Boolean.TRUE);
            return;
        }
        if (status == 429 || status == 408 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(retryAfterHeader, clock);
            throw failed(new MahakTransientException(endpoint, status, retryAfter,
                    endpoint + " answered HTTP " + status + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)")
                            + snippet, null));
        }
        throw failed(new MahakPermanentException(endpoint, null, endpoint + " answered HTTP " + status + snippet, null));
    }

    /** No answer arrived (the exception camel-http threw is the caught one): a timeout, a refused certificate, IO. */
    public void noAnswer(Exchange exchange) {
        String endpoint = endpoint(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        if (e instanceof InterruptedIOException) { // a socket, connect or answer timeout
            timed(exchange, endpoint, "timeout");
            throw failed(new MahakTransientException(endpoint, 0, null,
                    endpoint + " timed out after " + settings.readTimeout().toSeconds() + " s", e));
        }
        timed(exchange, endpoint, "io_error");
        if (e instanceof IOException io) {
            String certificate = MahakTls.certificateProblem(io, URI.create(settings.baseUrl() + "/Sync/" + endpoint));
            if (certificate != null) {
                // not trusted, expired or for another host: retrying cannot help, health names it
                state.configurationFailed(certificate);
                throw new MahakConfigurationException(endpoint, null, certificate);
            }
        }
        throw failed(new MahakTransientException(endpoint, 0, null,
                endpoint + " failed before an answer arrived: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + Scrubber.scrub(e.getMessage())), e));
    }

    /** A whole answer that camel-jackson could not read as JSON (the caught exception): permanent, or transient when cut. */
    public void unreadable(Exchange exchange) {
        String endpoint = endpoint(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        closeQuietly(exchange.getMessage().getBody(InputStream.class));
        exchange.getMessage().setBody(null);
        throw unreadable(endpoint, e);
    }

    /** The exception for an answer that cannot be read: not JSON (permanent) or cut while reading (transient). */
    /**
     * Parses a whole answer that {@code direct:mahak-call} handed back unread (SaveAllData, SolveDispute, Upload)
     * and closes it: not JSON is permanent, a connection lost while reading transient. The envelope is the
     * caller's to check.
     */
    public static JsonNode readWhole(ObjectMapper mapper, String endpoint, InputStream answer) {
        if (answer == null) {
            throw new MahakPermanentException(endpoint, null, endpoint + " gave no answer", null);
        }
        try (InputStream in = answer) {
            JsonNode root = mapper.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw new MahakPermanentException(endpoint, null, "Mahak's answer to " + endpoint + " is empty", null);
            }
            return root;
        } catch (IOException e) {
            throw unreadable(endpoint, e);
        }
    }

    static MahakException unreadable(String endpoint, Exception e) {
        if (e instanceof JsonProcessingException json) {
            return new MahakPermanentException(endpoint, null,
                    "Mahak's answer to " + endpoint + " is not valid JSON: " + Scrubber.scrub(json.getOriginalMessage())
                            + (json.getLocation() == null ? "" : " at line " + json.getLocation().getLineNr()
                                    + ", column " + json.getLocation().getColumnNr()),
                    null);
        }
        return new MahakTransientException(endpoint, 0, null,
                "Reading Mahak's answer to " + endpoint + " failed: " + Scrubber.scrub(String.valueOf(e.getMessage())), e);
    }

    private String endpoint(Exchange exchange) {
        String endpoint = exchange.getProperty(MahakExchange.ENDPOINT, String.class);
        return endpoint == null ? "Mahak" : endpoint;
    }

    private void timed(Exchange exchange, String endpoint, String outcome) {
        Timer.Sample sample = exchange.getProperty(MahakExchange.TIMER, Timer.Sample.class);
        exchange.removeProperty(MahakExchange.TIMER);
        if (sample != null) {
            sample.stop(meters.timer("mahak.client.requests", "endpoint", endpoint, "status", outcome));
        }
    }

    private <E extends MahakException> E failed(E e) {
        state.callFailed(e.getMessage());
        return e;
    }

    /** The start of an error answer, scrubbed: a server may echo the request, password hash included. */
    private static String readSnippet(InputStream body) {
        if (body == null) {
            return "";
        }
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(300);
            String text = Scrubber.scrub(new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim());
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the answer is given up anyway
            }
        }
    }
}
