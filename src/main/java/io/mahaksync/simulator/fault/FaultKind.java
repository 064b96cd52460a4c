package io.mahaksync.simulator.fault;

/** The failures the simulator can inject, as they appear to a client. */
public enum FaultKind {
    /** HTTP 429 with a Retry-After header in seconds. */
    RATE_LIMIT("rateLimit"),
    /** HTTP 500. */
    SERVER_ERROR("serverError"),
    /** The answer comes late. */
    DELAY("delay"),
    /** The socket is closed without an answer. */
    DROP("drop"),
    /** A GetAllData body cut off in the middle: not valid JSON. */
    MALFORMED("malformed");

    private final String jsonName;

    FaultKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in the admin API's JSON. */
    public String jsonName() {
        return jsonName;
    }
}
