package io.mahaksync.testsupport;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Stops what a test started in static state (a stand-in server, a Kafka broker) when the application under test
 * stops. Each test profile's application loads the test classes anew, so a server left running kept that
 * application's classes, and the code compiled for them, until the end of the test run.
 */
@Singleton
public class StopsWithTheApp {

    private static final Deque<Runnable> STOPS = new ConcurrentLinkedDeque<>();

    /** {@code stop} runs when this test application stops, the last registered first. */
    public static void register(Runnable stop) {
        STOPS.push(stop);
    }

    void stopAll(@Observes ShutdownEvent event) {
        for (Runnable stop; (stop = STOPS.poll()) != null; ) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                System.err.println("A test server did not stop: " + e);
            }
        }
    }
}
