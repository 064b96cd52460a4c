package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The Mahak Sync API as the routes use it. Each call carries a valid token, and a 401 leads to
 * exactly one fresh login and one retry. Envelope checks ({@code Result:false} under HTTP 200)
 * happen here for whole answers and in the page reader for streamed ones.
 */
@Singleton
public class MahakClient {

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

    /** GetAllData(V2) with the given RequestAllDataModel; the answer is returned unread, for streaming. */
    public InputStream getAllData(JsonNode request) {
        String endpoint = settings.versioned("GetAllData");
        return withToken(token -> http.postForStream(endpoint, settings.syncEndpoint("GetAllData"), request, token));
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
