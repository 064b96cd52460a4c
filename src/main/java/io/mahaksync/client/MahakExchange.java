package io.mahaksync.client;

/**
 * The exchange properties of the Mahak call routes (routes/mahak-api.camel.yaml). Callers set only
 * {@link #OPERATION}; the others are the routes' own state and are gone when a call returns.
 */
public final class MahakExchange {

    /** In: the Sync operation to call, as MahakSettings names it (GetAllData, SaveAllData, SolveDispute, Upload, ...). */
    public static final String OPERATION = "MahakOperation";
    /** In, optional: extra request headers of the operation (a Map, e.g. Upload's X-FileName). */
    public static final String REQUEST_HEADERS = "MahakRequestHeaders";

    /** The caller's request, kept for a send after a 401. */
    static final String REQUEST = "MahakRequest";
    /** The versioned endpoint being sent to (GetAllDataV2, Login, ...): metrics and messages name it. */
    static final String ENDPOINT = "MahakEndpoint";
    /** The running request timer (mahak.client.requests). */
    static final String TIMER = "MahakTimer";
    /** Which login's token the request carried (never the token itself). */
    static final String TOKEN_GENERATION = "MahakTokenGeneration";
    /** Set when Mahak answered 401 to a call: the route logs in afresh and sends once more. */
    static final String UNAUTHORIZED = "MahakUnauthorized";
    /** Set on that one more send: a second 401 is permanent. */
    static final String RESENT = "MahakResent";
    /** Set while this exchange holds the login permit (one login at a time). */
    static final String LOGIN_PERMIT = "MahakLoginPermit";

    private MahakExchange() {
    }
}
