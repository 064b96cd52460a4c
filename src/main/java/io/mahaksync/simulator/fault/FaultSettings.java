package io.mahaksync.simulator.fault;

import io.mahaksync.simulator.CursorMode;
import io.mahaksync.simulator.Dialect;
import io.mahaksync.simulator.SimulatorConfig;
import io.mahaksync.simulator.SimulatorConfig.Rule;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * The simulator's behaviour switches as they are now: the fault rules plus token lifetime, cursor mode and
 * dialect. They start from the {@code mahak.simulator.*} properties and change at run time through the
 * admin API or {@link io.mahaksync.simulator.MahakSimulator}.
 */
@Singleton
public class FaultSettings {

    private final SimulatorConfig config;
    private final Map<FaultKind, FaultRule> rules = new EnumMap<>(FaultKind.class);
    private volatile Duration tokenLifetime;
    private volatile CursorMode cursorMode;
    private volatile Dialect dialect;
    private volatile boolean requireVisitor;
    private Random random;

    public FaultSettings(SimulatorConfig config) {
        this.config = config;
        reset();
    }

    /** Back to the configured start values: the properties' faults, lifetime, cursor mode and dialect. */
    public synchronized void reset() {
        SimulatorConfig.Faults f = config.fault();
        rules.put(FaultKind.RATE_LIMIT, rule(f.rateLimit(), f.rateLimit().retryAfterSeconds()));
        rules.put(FaultKind.SERVER_ERROR, rule(f.serverError(), 0));
        rules.put(FaultKind.DELAY, rule(f.delay(), f.delay().ms()));
        rules.put(FaultKind.DROP, rule(f.drop(), 0));
        rules.put(FaultKind.MALFORMED, rule(f.malformed(), 0));
        tokenLifetime = config.tokenLifetime();
        cursorMode = config.cursorMode();
        dialect = config.dialect();
        requireVisitor = config.requireVisitor();
        random = new Random(config.seed());
    }

    /** Turns every fault off (start values of lifetime, cursor mode and dialect are kept as they are). */
    public synchronized void clearFaults() {
        rules.values().forEach(r -> r.set(0, 0, null, r.amount()));
    }

    public FaultRule rule(FaultKind kind) {
        return rules.get(kind);
    }

    /** Whether {@code kind} fires for this call; random fractions draw from one seeded generator. */
    public synchronized boolean fires(FaultKind kind, String endpointName) {
        return rules.get(kind).fires(endpointName, random);
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public void tokenLifetime(Duration lifetime) {
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("The token lifetime must not be negative");
        }
        this.tokenLifetime = lifetime;
    }

    /** Whether GetAllData must name a currentVisitorId. */
    public boolean requireVisitor() {
        return requireVisitor;
    }

    public void requireVisitor(boolean required) {
        this.requireVisitor = required;
    }

    public CursorMode cursorMode() {
        return cursorMode;
    }

    public void cursorMode(CursorMode mode) {
        this.cursorMode = mode;
    }

    public Dialect dialect() {
        return dialect;
    }

    public void dialect(Dialect dialect) {
        this.dialect = dialect;
    }

    private static FaultRule rule(Rule rule, long amount) {
        return new FaultRule(rule.fraction(), rule.next(), rule.endpoint().orElse(null), amount);
    }
}
