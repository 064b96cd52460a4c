package io.mahaksync.simulator;

import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.simulator.fault.FaultSettings;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Everything the simulator does before a request reaches its resources, at the HTTP level where it must
 * happen: answers 404 when the simulator is off, routes {@code /api/v3/...} in any case to the declared
 * paths, injects the transport faults (drop, 429, 500, delay) and records each call in the request log.
 */
@Singleton
public class SimulatorHttpFilter {

    /** Runs before the REST layer. */
    private static final int PRIORITY = 1000;

    private final SimulatorConfig config;
    private final FaultSettings faults;
    private final RequestLog requestLog;

    public SimulatorHttpFilter(SimulatorConfig config, FaultSettings faults, RequestLog requestLog) {
        this.config = config;
        this.faults = faults;
        this.requestLog = requestLog;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean api = ApiPaths.isApi(path);
        if (!api && !ApiPaths.isAdmin(path)) {
            rc.next();
            return;
        }
        if (!config.enabled()) {
            rc.response().setStatusCode(404).end();
            return;
        }
        if (!api) {
            rc.next();
            return;
        }
        String canonical = ApiPaths.canonical(path);
        if (!canonical.equals(path)) {
            String query = rc.request().query();
            rc.reroute(canonical + (query == null ? "" : "?" + query));
            return;
        }
        logWhenDone(rc, canonical);
        injectFaults(rc, ApiPaths.endpointName(canonical));
    }

    private void injectFaults(RoutingContext rc, String endpoint) {
        if (faults.fires(FaultKind.DROP, endpoint)) {
            rc.request().connection().close();
            return;
        }
        if (faults.fires(FaultKind.RATE_LIMIT, endpoint)) {
            long retryAfter = faults.rule(FaultKind.RATE_LIMIT).amount();
            rc.response().setStatusCode(429).putHeader("Retry-After", Long.toString(retryAfter)).end();
            return;
        }
        if (faults.fires(FaultKind.SERVER_ERROR, endpoint)) {
            rc.response().setStatusCode(500).putHeader("Content-Type", "text/plain")
                    .end("Simulated internal server error");
            return;
        }
        long delayMs = faults.rule(FaultKind.DELAY).amount();
        if (delayMs > 0 && faults.fires(FaultKind.DELAY, endpoint)) {
            // pause so the body is not lost while the request waits; the REST layer resumes it
            rc.request().pause();
            rc.vertx().setTimer(delayMs, t -> rc.next());
            return;
        }
        rc.next();
    }

    /** Logs the call once the answer is complete, or with status 0 when the connection ended without one. */
    private void logWhenDone(RoutingContext rc, String path) {
        HttpServerRequest request = rc.request();
        long start = System.currentTimeMillis();
        String method = request.method().name();
        rc.addEndHandler(done -> {
            int status = done.succeeded() && rc.response().ended() ? rc.response().getStatusCode() : 0;
            requestLog.add(new RequestLog.Entry(Instant.ofEpochMilli(start), method, path, status,
                    request.bytesRead(), rc.response().bytesWritten(), System.currentTimeMillis() - start,
                    rc.get(RequestLog.VISITOR_KEY)));
        });
    }
}
