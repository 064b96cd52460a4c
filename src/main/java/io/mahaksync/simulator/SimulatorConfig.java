package io.mahaksync.simulator;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;

/** The {@code mahak.simulator.*} settings; every default lives in application.properties. */
@ConfigMapping(prefix = "mahak.simulator")
public interface SimulatorConfig {

    boolean enabled();

    long seed();

    int records();

    boolean seedOnStart();

    String jdbcUrl();

    String username();

    String password();

    int databaseId();

    /** The VisitorId Login returns; the seed assigns it {@link #visitorShare()} of people and products. */
    int visitorId();

    double visitorShare();

    /** GetAllData without a currentVisitorId is refused (3001), as a strict server would. */
    boolean requireVisitor();

    Duration tokenLifetime();

    CursorMode cursorMode();

    Dialect dialect();

    int requestLogSize();

    /** Largest file Sync/Upload takes; a larger one is answered HTTP 413. */
    long uploadLimitBytes();

    Faults fault();

    /** The fault switches as set at start; {@link io.mahaksync.simulator.fault.FaultSettings} holds the live ones. */
    interface Faults {
        RateLimit rateLimit();

        Rule serverError();

        Delay delay();

        Rule drop();

        Rule malformed();
    }

    interface Rule {
        double fraction();

        int next();

        Optional<String> endpoint();
    }

    interface RateLimit extends Rule {
        int retryAfterSeconds();
    }

    interface Delay extends Rule {
        long ms();
    }
}
