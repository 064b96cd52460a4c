package io.mahaksync.simulator.fault;

import java.util.Locale;
import java.util.Random;

/**
 * When one fault fires: on each of the next {@code next} matching calls, and after those on a random
 * {@code fraction} of them. {@code endpoint} narrows it to endpoints whose name starts with it
 * (case-insensitive: "GetAllData" matches GetAllData and GetAllDataV2); null means every endpoint.
 * {@code amount} is the fault's own parameter: Retry-After seconds for 429, milliseconds for delay.
 */
public final class FaultRule {

    private double fraction;
    private int next;
    private String endpoint;
    private long amount;

    public FaultRule(double fraction, int next, String endpoint, long amount) {
        set(fraction, next, endpoint, amount);
    }

    public synchronized void set(double fraction, int next, String endpoint, long amount) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, not " + fraction);
        }
        if (next < 0 || amount < 0) {
            throw new IllegalArgumentException("next and the fault's amount must not be negative");
        }
        this.fraction = fraction;
        this.next = next;
        this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.trim();
        this.amount = amount;
    }

    /** Decides for one call to {@code endpointName}, consuming one of the "next N" when it fires. */
    public synchronized boolean fires(String endpointName, Random random) {
        if (!matches(endpointName)) {
            return false;
        }
        if (next > 0) {
            next--;
            return true;
        }
        return fraction > 0 && random.nextDouble() < fraction;
    }

    private boolean matches(String endpointName) {
        return endpoint == null
                || endpointName.toLowerCase(Locale.ROOT).startsWith(endpoint.toLowerCase(Locale.ROOT));
    }

    public synchronized double fraction() {
        return fraction;
    }

    public synchronized int next() {
        return next;
    }

    public synchronized String endpoint() {
        return endpoint;
    }

    public synchronized long amount() {
        return amount;
    }
}
