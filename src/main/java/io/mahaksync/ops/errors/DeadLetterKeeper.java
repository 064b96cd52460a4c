package io.mahaksync.ops.errors;

import io.mahaksync.StopSignal;
import io.mahaksync.client.MahakException;
import io.mahaksync.client.RetryBudget;
import io.mahaksync.client.RetryDelay;
import io.mahaksync.pull.PullCycle;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.DeadLetterStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * The first step of the dead-letter route (direct:mahak-dead-letter): keeps what failed for good in
 * mahak_dead_letter with its reason. flow is the route it failed in, entity the entities a pull page was
 * for, reference the Mahak endpoint, error_code Mahak's Code, payload what the message carried (a pull
 * page: the cursors it asked from). Keeping it never fails the route: if the target database cannot take
 * it, one line says so and the failure goes on to the flow that had it.
 *
 * <p>A transient failure whose retries a stop ended is not a dead letter: nothing of its work committed and the
 * next start does it again. It is said in one line, and the rest of the dead-letter route (an engineer's alert)
 * does not run for it.
 */
@Singleton
@Named("deadLetterKeeper")
public class DeadLetterKeeper {

    private static final Logger LOG = Logger.getLogger(DeadLetterKeeper.class);
    private static final int FLOW_MAX = 32;
    private static final int ENTITY_MAX = 64;

    private final DeadLetterStore store;
    private final StopSignal stopSignal;

    DeadLetterKeeper(DeadLetterStore store, StopSignal stopSignal) {
        this.store = store;
        this.stopSignal = stopSignal;
    }

    public void keep(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String flow = truncate(exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "unknown", String.class), FLOW_MAX);
        String reason = reason(exchange, cause);
        if (retriesEndedByStop(exchange)) {
            LOG.infof("Not a dead letter: %s was retrying when the service stopped (%s); the next start does it again",
                    flow, Scrubber.scrub(reason));
            exchange.setRouteStop(true);
            return;
        }
        Object body = exchange.getIn().getBody();
        String entity = null;
        String payload;
        if (body instanceof PullCycle cycle) {
            entity = truncate(String.join(",", cycle.entitiesBehind().stream().map(p -> p.entity().name()).toList()),
                    ENTITY_MAX);
            payload = cycle.toString();
        } else {
            payload = body == null ? null : exchange.getContext().getTypeConverter().tryConvertTo(String.class, body);
        }
        MahakException mahak = cause instanceof MahakException m ? m : null;
        try {
            long id = store.record(flow, entity, mahak == null ? null : mahak.endpoint(), reason,
                    mahak == null ? null : mahak.code(), payload);
            exchange.getIn().setHeader("MahakDeadLetterId", id);
            LOG.warnf("Kept as dead letter %d (%s): %s", id, flow, Scrubber.scrub(reason));
        } catch (RuntimeException e) {
            LOG.warnf("Could not keep a dead letter of %s (%s); the failure still ends its flow: %s", flow,
                    Scrubber.scrub(reason), Scrubber.scrub(e.getMessage()));
        }
    }

    /** A retried failure (retryDelay noted its start) whose budget had not run out: the stop ended its retries. */
    private boolean retriesEndedByStop(Exchange exchange) {
        return stopSignal.stopping() && exchange.getProperty(RetryDelay.RETRYING_SINCE) != null
                && exchange.getProperty(RetryBudget.GAVE_UP) == null;
    }

    /** The failure's message, and why its retries ended when a retry budget ran out. */
    static String reason(Exchange exchange, Throwable cause) {
        String message = cause == null ? "unknown error"
                : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String gaveUp = exchange.getProperty(RetryBudget.GAVE_UP, String.class);
        return gaveUp == null ? message : message + "; " + gaveUp;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
