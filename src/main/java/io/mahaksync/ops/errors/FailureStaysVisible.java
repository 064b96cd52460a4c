package io.mahaksync.ops.errors;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs just before the dead-letter channel takes a failed message (onPrepareFailure). A dead-letter
 * channel marks what it took as handled, which would make a failed pull page look like a success; here
 * the failure is marked as not handled, so that after the dead-letter route the flow still fails with its
 * reason: the pull's last_error and failure log line, the run-once exit code and health see it as before.
 * (This is how Camel itself propagates a failure back to the caller.)
 */
@Singleton
@Named("failureStaysVisible")
public class FailureStaysVisible implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getExchangeExtension().setErrorHandlerHandled(false);
    }
}
