package io.mahaksync.client;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the wait before Camel's error handler retries a transient failure: exponential backoff
 * with +-25% jitter, and never less than the server's Retry-After, all capped. Camel calls it when
 * the exception occurs (onExceptionOccurred) and honours the delay it puts in the
 * {@code CamelRedeliveryDelay} header.
 */
@Singleton
@Named("retryDelay")
public class RetryDelay implements Processor {

    private final long initialDelayMs;
    private final long maxDelayMs;

    RetryDelay(@ConfigProperty(name = "mahak.retry.initial-delay-ms", defaultValue = "500") long initialDelayMs,
            @ConfigProperty(name = "mahak.retry.max-delay-ms", defaultValue = "60000") long maxDelayMs) {
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    @Override
    public void process(Exchange exchange) {
        int attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration retryAfter = cause instanceof MahakTransientException t ? t.retryAfter().orElse(null) : null;
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delayMs(attempt, retryAfter));
    }

    /** The delay before retry number {@code attempt + 1}. */
    long delayMs(int attempt, Duration retryAfter) {
        double backoff = initialDelayMs * Math.pow(2, Math.min(attempt, 30));
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        long delay = (long) Math.min(maxDelayMs, backoff * jitter);
        if (retryAfter != null) {
            delay = Math.max(delay, Math.min(maxDelayMs, retryAfter.toMillis()));
        }
        return delay;
    }
}
