package io.mahaksync.pull;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * A page that failed: the reason goes to {@code mahak_sync_state.last_error} of every entity it pulled, and
 * the page fails with what failed (the split's "Multicast processing failed" wrapper taken off), so that the
 * error handler classifies and retries the whole page and the reason reads as it happened.
 */
@Singleton
@Named("pageFailure")
public class PageFailure {

    private final CursorStore cursors;

    PageFailure(CursorStore cursors) {
        this.cursors = cursors;
    }

    public void recordAndRethrow(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        while (failure instanceof CamelExchangeException && failure.getCause() instanceof Exception cause) {
            failure = cause;
        }
        PullPage page = exchange.getProperty(PullPage.PROPERTY, PullPage.class);
        if (page != null) {
            cursors.recordFailure(page.cycle.entitiesBehind().stream().map(p -> p.entity().name()).toList(),
                    failure.getMessage());
        }
        throw failure;
    }
}
