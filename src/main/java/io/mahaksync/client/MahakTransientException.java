package io.mahaksync.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass by itself: HTTP 429, 5xx, a timeout, a dropped connection. The error
 * handler retries it with backoff, waiting at least {@link #retryAfter()} when the server said so.
 */
public class MahakTransientException extends MahakException {

    private final int httpStatus;
    private final Duration retryAfter;

    public MahakTransientException(String endpoint, int httpStatus, Duration retryAfter, String message,
            Throwable cause) {
        super(endpoint, null, message, cause);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no answer arrived (timeout, connection dropped). */
    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
