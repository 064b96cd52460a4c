package io.mahaksync.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;

/**
 * Stops what a test started in static state (a stand-in server, a Kafka broker) when the application under test
 * stops. Each test profile's application loads the test classes anew and starts its own, so without this they all
 * ran, with their threads, to the end of the test run.
 */
@Singleton
public class StopsWithTheApp {

    private static final Deque<Runnable> STOPS = new ConcurrentLinkedDeque<>();

    /** {@code stop} runs when this test application stops, the last registered first. */
    public static void register(Runnable stop) {
        STOPS.push(stop);
    }

    /** {@code server} stops when this test application stops, and the executor it was given with it. */
    public static void register(HttpServer server) {
        register(() -> {
            server.stop(0);
            if (server.getExecutor() instanceof ExecutorService threads) {
                threads.shutdownNow();
            }
        });
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
