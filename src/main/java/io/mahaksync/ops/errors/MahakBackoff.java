package io.mahaksync.ops.errors;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The backoff of transient failures, {@code redeliveryPolicyRef: mahakBackoff} in
 * routes/error-handling.camel.yaml: built once from {@code mahak.retry.*}. Written inline in the YAML, the same
 * options would be parsed again, placeholders and all, for every step of every route when Camel builds each
 * step's error handler: a tenth of the start-up's main thread.
 */
@Singleton
public class MahakBackoff {

    @Produces
    @Singleton
    @Named("mahakBackoff")
    RedeliveryPolicy backoff(@ConfigProperty(name = "mahak.retry.initial-delay-ms", defaultValue = "500") long initialDelayMs,
            @ConfigProperty(name = "mahak.retry.multiplier", defaultValue = "2") double multiplier,
            @ConfigProperty(name = "mahak.retry.max-delay-ms", defaultValue = "60000") long maxDelayMs,
            @ConfigProperty(name = "mahak.retry.jitter", defaultValue = "0.25") double jitter) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(-1); // the retry budget (retryWhile) decides when to stop
        policy.setRedeliveryDelay(initialDelayMs);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(multiplier);
        policy.setMaximumRedeliveryDelay(maxDelayMs);
        policy.setUseCollisionAvoidance(true);
        policy.setCollisionAvoidanceFactor(jitter);
        // the waits are scheduled (backoffScheduler): no thread sleeps through them
        policy.setAsyncDelayedRedelivery(true);
        // a stop ends a backoff wait instead of sitting it out: nothing of the work committed, the next start retries
        policy.setAllowRedeliveryWhileStopping(false);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogStackTrace(false);
        policy.setLogRetryStackTrace(false);
        policy.setLogExhaustedMessageHistory(false);
        return policy;
    }
}
