package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The Mahak Sync API for Java code: each method runs the route {@code direct:mahak-call}
 * (routes/mahak-api.camel.yaml), which carries a valid token, answers a 401 with exactly one fresh login and
 * one more send, and maps HTTP failures to the MahakException kinds, rethrown here unwrapped. Envelope
 * checks ({@code Result:false} under HTTP 200) happen here for whole answers and in the page reader for
 * streamed ones.
 */
@Singleton
public class MahakClient {

    /** The RequestAllDataModel field naming the visitor whose data is asked for. */
    public static final String CURRENT_VISITOR_ID = "currentVisitorId";

    private final MahakSettings settings;
    private final TokenManager tokens;
    private final ProducerTemplate routes;
    private final ObjectMapper mapper;

    MahakClient(MahakSettings settings, TokenManager tokens, ProducerTemplate routes, ObjectMapper mapper) {
        this.settings = settings;
        this.tokens = tokens;
        this.routes = routes;
        this.mapper = mapper;
    }

    /** Logs in now unless a valid token is cached; fails with the reason when it cannot. */
    public void ensureLoggedIn() {
        tokens.token();
    }

    /**
     * GetAllData with the given RequestAllDataModel; the answer is returned unread, for streaming (the caller
     * closes it). The request gets the {@code currentVisitorId} in use (see {@link TokenManager#currentVisitorId()})
     * unless it names one itself: what a visitor may see is what Mahak sends.
     */
    public InputStream getAllData(ObjectNode request) {
        return send("GetAllData", request);
    }

    /**
     * Runs {@code direct:mahak-call} for an operation and returns the answer unread (the caller closes it). The
     * request is a JsonNode, a Map or an {@code org.apache.hc.core5.http.HttpEntity}.
     */
    public InputStream send(String operation, Object request) {
        return send(operation, request, null);
    }

    /** Like {@link #send(String, Object)} with extra request headers of the operation (Upload's X-FileName). */
    public InputStream send(String operation, Object request, Map<String, String> headers) {
        Exchange done = routes.send("direct:mahak-call", exchange -> {
            exchange.setProperty(MahakExchange.OPERATION, operation);
            if (headers != null) {
                exchange.setProperty(MahakExchange.REQUEST_HEADERS, headers);
            }
            exchange.getIn().setBody(request);
        });
        rethrow(done);
        return done.getMessage().getBody(InputStream.class);
    }

    /** The visitor GetAllData is sent for now, when one is sent. */
    public Optional<Long> currentVisitorId() {
        return tokens.currentVisitorId();
    }

    /** The visitor in use and where it comes from, in words. */
    public String describeVisitor() {
        return tokens.describeVisitor();
    }

    /**
     * Calls a Sync operation whose whole answer is small enough to read at once (SaveAllData,
     * SolveDispute, ...) and returns its envelope. {@code Result:false} is returned, not thrown,
     * because SaveAllData reports per-record outcomes under it.
     */
    public Envelope call(String operation, JsonNode request) {
        return Envelope.of(read(operation, send(operation, request)));
    }

    /** Sends a request and parses its whole answer; the status is checked, the envelope is not. */
    public JsonNode post(String operation, Object request, Map<String, String> headers) {
        return read(operation, send(operation, request, headers));
    }

    /** Parses a whole answer; the status was checked, the envelope is not. */
    JsonNode read(String operation, InputStream answer) {
        return MahakAnswers.readWhole(mapper, settings.versioned(operation), answer);
    }

    /** Like {@link #call} but a {@code Result:false} answer is a permanent failure. */
    public JsonNode callForData(String operation, JsonNode request) {
        Envelope envelope = call(operation, request);
        if (!envelope.result()) {
            throw new MahakPermanentException(settings.versioned(operation), envelope.code(),
                    settings.versioned(operation) + " failed: " + envelope.describeFailure(), null);
        }
        return envelope.data();
    }

    /** Runs a call with a valid token; on 401 logs in once more and runs it again. */
    public <T> T withToken(Function<String, T> call) {
        String token = tokens.token();
        try {
            return call.apply(token);
        } catch (MahakUnauthorizedException expired) {
            tokens.invalidate(token);
            String fresh = tokens.token();
            try {
                return call.apply(fresh);
            } catch (MahakUnauthorizedException again) {
                tokens.invalidate(fresh);
                throw new MahakPermanentException(again.endpoint(), null,
                        again.endpoint() + " answered 401 even with a fresh token", null);
            }
        }
    }

    public MahakSettings settings() {
        return settings;
    }

    /** The failure of a route exchange, unwrapped: the MahakException kinds reach Java callers as they are. */
    static void rethrow(Exchange done) {
        Exception e = done.getException();
        if (e == null) {
            return;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MahakException mahak) {
                throw mahak;
            }
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(e.getMessage(), e);
    }
}
