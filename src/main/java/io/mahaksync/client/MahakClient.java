package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Mahak Sync API as the routes use it. Each call carries a valid token, and a 401 leads to
 * exactly one fresh login and one retry. Envelope checks ({@code Result:false} under HTTP 200)
 * happen here for whole answers and in the page reader for streamed ones.
 */
@Singleton
public class MahakClient {

    /** The RequestAllDataModel field naming the visitor whose data is asked for. */
    public static final String CURRENT_VISITOR_ID = "currentVisitorId";

    private final MahakSettings settings;
    private final MahakHttp http;
    private final TokenManager tokens;

    MahakClient(MahakSettings settings, MahakHttp http, TokenManager tokens) {
        this.settings = settings;
        this.http = http;
        this.tokens = tokens;
    }

    /** Logs in now unless a valid token is cached; fails with the reason when it cannot. */
    public void ensureLoggedIn() {
        tokens.token();
    }

    /**
     * GetAllData with the given RequestAllDataModel; the answer is returned unread, for streaming. The
     * request gets the {@code currentVisitorId} in use (see {@link TokenManager#currentVisitorId()}) unless it
     * names one itself: what a visitor may see is what Mahak sends.
     */
    public InputStream getAllData(ObjectNode request) {
        String endpoint = settings.versioned("GetAllData");
        return withToken(token -> http.postForStream(endpoint, settings.syncEndpoint("GetAllData"),
                withVisitor(request), token));
    }

    private ObjectNode withVisitor(ObjectNode request) {
        if (request.has(CURRENT_VISITOR_ID)) {
            return request;
        }
        Optional<Long> visitor = tokens.currentVisitorId();
        if (visitor.isEmpty()) {
            return request;
        }
        ObjectNode copy = request.deepCopy();
        copy.put(CURRENT_VISITOR_ID, visitor.get());
        return copy;
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
        String endpoint = settings.versioned(operation);
        JsonNode root = withToken(token -> http.postJson(endpoint, settings.syncEndpoint(operation), request, token));
        return Envelope.of(root);
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
}
