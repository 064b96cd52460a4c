package io.mahaksync.client;

/**
 * A failed Mahak call. Subclasses say what kind of failure it is, which decides what the error
 * handler does with it. Messages never carry passwords or tokens.
 */
public class MahakException extends RuntimeException {

    private final String endpoint;
    private final Integer code;

    public MahakException(String endpoint, Integer code, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.code = code;
    }

    /** The Sync endpoint that failed, such as GetAllDataV2. */
    public String endpoint() {
        return endpoint;
    }

    /** Mahak's application error code (Code in the envelope), when it gave one. */
    public Integer code() {
        return code;
    }
}
