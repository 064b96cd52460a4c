package io.mahaksync.client;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether a transient failure is retried once more (the error handler's retryWhile): as long as this
 * request has been retried for less than {@code mahak.retry.give-up-after}, and, when
 * {@code mahak.retry.max-attempts} is not -1, for fewer retries than that. The budget belongs to one
 * request (a page, a batch): the routes start a fresh one for each. When it runs out, the reason says so
 * (exchange property {@link #GAVE_UP}) and the message goes to the dead-letter channel.
 */
@Singleton
@Named("retryBudget")
public class RetryBudget implements Predicate {

    /** Exchange property: why the retries of the failed request ended. */
    public static final String GAVE_UP = "MahakRetryGaveUp";

    private final Duration giveUpAfter;
    private final int maxAttempts;

    RetryBudget(@ConfigProperty(name = "mahak.retry.give-up-after", defaultValue = "PT5M") Duration giveUpAfter,
            @ConfigProperty(name = "mahak.retry.max-attempts", defaultValue = "-1") int maxAttempts) {
        this.giveUpAfter = giveUpAfter;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public boolean matches(Exchange exchange) {
        int retry = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        Long since = exchange.getProperty(RetryDelay.RETRYING_SINCE, Long.class);
        long elapsed = since == null ? 0 : System.currentTimeMillis() - since;
        if (elapsed >= giveUpAfter.toMillis()) {
            exchange.setProperty(GAVE_UP, "gave up after " + seconds(elapsed) + " and " + retry
                    + " attempt(s) (mahak.retry.give-up-after=" + giveUpAfter + ")");
            return false;
        }
        if (maxAttempts >= 0 && retry > maxAttempts) {
            exchange.setProperty(GAVE_UP, "gave up after " + retry + " attempt(s) in " + seconds(elapsed)
                    + " (mahak.retry.max-attempts=" + maxAttempts + ")");
            return false;
        }
        return true;
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
