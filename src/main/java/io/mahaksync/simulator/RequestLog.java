package io.mahaksync.simulator;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent requests to the simulator's API, oldest dropped first. It records what a test or an
 * operator needs to see what a client did, and never a body, header, password or token.
 */
@Singleton
public class RequestLog {

    /**
     * One request: {@code status} 0 means the connection was dropped without an answer; {@code currentVisitorId}
     * is the visitor a GetAllData named (null when none, or another endpoint).
     */
    public record Entry(Instant time, String method, String path, int status, long requestBytes,
            long responseBytes, long durationMs, Long currentVisitorId) {
    }

    /** The routing-context key under which an endpoint leaves the visitor a request named, for its entry. */
    public static final String VISITOR_KEY = "mahak.simulator.currentVisitorId";

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RequestLog(SimulatorConfig config) {
        this.capacity = Math.max(1, config.requestLogSize());
    }

    public synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** Oldest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
