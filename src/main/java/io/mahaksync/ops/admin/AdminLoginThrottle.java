package io.mahaksync.ops.admin;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Slows down password guessing on HTTP Basic (the admin API, and anything else behind the admin user):
 * after {@code mahak.admin.login-max-failures} refused logins in a row from one client address, that
 * client's logins are answered 429 with {@code Retry-After} for {@code mahak.admin.login-lockout}, doubled
 * on each further lockout (at most an hour); a login that works clears it. Each lockout is logged once.
 * Requests without Basic credentials (probes, the simulator's Bearer calls) are never held up.
 */
@Singleton
public class AdminLoginThrottle {

    private static final Logger LOG = Logger.getLogger(AdminLoginThrottle.class);
    /** Before authentication (Quarkus runs it at priority 200), so that a locked-out client is not even checked. */
    private static final int PRIORITY = 250;
    private static final Duration LONGEST_LOCKOUT = Duration.ofHours(1);
    /** Clients remembered at most; beyond it, those no longer locked out are forgotten first. */
    private static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    /** Failures in a row, and the lockout they led to. */
    private static final class Client {
        int failures;
        int lockouts;
        Instant lockedUntil = Instant.EPOCH;
    }

    AdminLoginThrottle(@ConfigProperty(name = "mahak.admin.login-max-failures", defaultValue = "5") int maxFailures,
            @ConfigProperty(name = "mahak.admin.login-lockout", defaultValue = "PT1M") Duration lockout) {
        this.maxFailures = Math.max(1, maxFailures);
        this.lockout = lockout;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            rc.next();
            return;
        }
        String client = rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
        long wait = secondsLocked(client);
        if (wait > 0) {
            rc.response().setStatusCode(429).putHeader("Retry-After", Long.toString(wait))
                    .putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"too many failed logins from this address; retry after " + wait + " s\"}");
            return;
        }
        rc.addHeadersEndHandler(ignored -> {
            if (rc.response().getStatusCode() == 401) {
                failed(client);
            } else {
                clients.remove(client);
            }
        });
        rc.next();
    }

    private long secondsLocked(String client) {
        Client c = clients.get(client);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            long ms = Duration.between(clock.instant(), c.lockedUntil).toMillis();
            return ms <= 0 ? 0 : (ms + 999) / 1000;
        }
    }

    private void failed(String client) {
        if (clients.size() >= MAX_CLIENTS) {
            Instant now = clock.instant();
            clients.values().removeIf(c -> c.lockedUntil.isBefore(now));
        }
        Client c = clients.computeIfAbsent(client, k -> new Client());
        synchronized (c) {
            if (++c.failures < maxFailures) {
                return;
            }
            c.failures = 0;
            c.lockouts++;
            Duration d = lockout.multipliedBy(1L << Math.min(c.lockouts - 1, 20));
            d = d.compareTo(LONGEST_LOCKOUT) > 0 ? LONGEST_LOCKOUT : d;
            c.lockedUntil = clock.instant().plus(d);
            LOG.warnf("%d failed logins in a row from %s: its logins are refused (HTTP 429) for %d s", maxFailures,
                    client, d.toSeconds());
        }
    }
}
