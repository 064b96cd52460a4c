package io.mahaksync.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every redelivery the Camel error handler makes ({@code mahak.retries}, tagged with the
 * route and the exception class), so that retries of transient Mahak and database faults show.
 * Camel main registers event notifiers found in the registry.
 */
@Singleton
@Unremovable // nothing injects it: Camel finds it in the registry
@Named("mahakRetryCounter")
public class RetryCounter extends EventNotifierSupport {

    private final MeterRegistry registry;

    RetryCounter(MeterRegistry registry) {
        this.registry = registry;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeSendingEvents(true);
        // redelivery events are "exchange failed" events to Camel: they must stay on
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeRedeliveryEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeRedeliveryEvent redelivery) {
            // Before a redelivery Camel moves the exception aside, to the EXCEPTION_CAUGHT property.
            Throwable cause = redelivery.getExchange().getException();
            if (cause == null) {
                cause = redelivery.getExchange().getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class);
            }
            String route = redelivery.getExchange().getFromRouteId();
            registry.counter("mahak.retries", "route", route == null ? "unknown" : route,
                    "exception", cause == null ? "unknown" : cause.getClass().getSimpleName()).increment();
        }
    }
}
