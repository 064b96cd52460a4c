package io.mahaksync.client;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs when a transient failure occurs (the error handler's onExceptionOccurred), before Camel decides
 * whether and when to retry. It notes when this request's retries started (for {@link RetryBudget}), and
 * honours a server's Retry-After: Camel waits the {@code CamelRedeliveryDelay} header instead of its own
 * backoff when it is set, so it is set to the larger of the two (capped) only when the server asked for a wait.
 * The backoff itself (first delay, multiplier, cap, jitter) is the redelivery policy
 * {@link io.mahaksync.ops.errors.MahakBackoff} that routes/error-handling.camel.yaml names.
 */
@Singleton
@Named("retryDelay")
public class RetryDelay implements Processor {

    /** Exchange property: epoch milliseconds of the first failure of the request being retried. */
    public static final String RETRYING_SINCE = "MahakRetryingSince";

    private final long initialDelayMs;
    private final double multiplier;
    private final long maxDelayMs;

    RetryDelay(@ConfigProperty(name = "mahak.retry.initial-delay-ms", defaultValue = "500") long initialDelayMs,
            @ConfigProperty(name = "mahak.retry.multiplier", defaultValue = "2") double multiplier,
            @ConfigProperty(name = "mahak.retry.max-delay-ms", defaultValue = "60000") long maxDelayMs) {
        this.initialDelayMs = initialDelayMs;
        this.multiplier = multiplier;
        this.maxDelayMs = maxDelayMs;
    }

    @Override
    public void process(Exchange exchange) {
        int attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        if (attempt <= 1 || exchange.getProperty(RETRYING_SINCE) == null) {
            exchange.setProperty(RETRYING_SINCE, System.currentTimeMillis());
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration retryAfter = cause instanceof MahakTransientException t ? t.retryAfter().orElse(null) : null;
        if (retryAfter == null) {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY); // the policy's own backoff
        } else {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delayMs(attempt, retryAfter));
        }
    }

    /** The wait before retry number {@code attempt} when the server asked for {@code retryAfter}: never sooner, capped. */
    long delayMs(int attempt, Duration retryAfter) {
        double backoff = initialDelayMs * Math.pow(multiplier, Math.min(Math.max(attempt - 1, 0), 30));
        return (long) Math.min(maxDelayMs, Math.max(backoff, retryAfter.toMillis()));
    }
}
