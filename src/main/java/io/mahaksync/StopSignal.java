package io.mahaksync;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;

/**
 * Safe points for a fast stop. Long work (a pull of many pages, a push of many batches) calls
 * {@link #checkpoint} between two units that each commit on their own: once the service is
 * stopping, the work ends there instead of running to its natural end, and the next start goes on
 * from what was committed. Nothing is lost: a page commits with its cursors or not at all, and a
 * batch is journalled before it is sent.
 */
@Singleton
@Named("stopSignal")
public class StopSignal {

    /** The work ended at a safe point because the service is stopping. */
    public static class StoppingException extends RuntimeException {
        StoppingException(String message) {
            super(message);
        }
    }

    private final CamelContext camel;

    StopSignal(CamelContext camel) {
        this.camel = camel;
    }

    public boolean stopping() {
        return camel.isStopping() || camel.isStopped();
    }

    /** Ends the current work here when the service is stopping; {@code what} says what is left for the next start. */
    public void checkpoint(String what) {
        if (stopping()) {
            throw new StoppingException("the service is stopping; " + what + " goes on from here at the next start");
        }
    }
}
