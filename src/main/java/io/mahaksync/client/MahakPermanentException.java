package io.mahaksync.client;

/**
 * A failure that retrying the same request will not cure: an application error with
 * {@code Result:false}, HTTP 400, a 401 that survives a fresh login, or an answer that is not the
 * JSON it should be. The message goes to the dead-letter store with this reason.
 */
public class MahakPermanentException extends MahakException {
    public MahakPermanentException(String endpoint, Integer code, String message, Throwable cause) {
        super(endpoint, code, message, cause);
    }
}
