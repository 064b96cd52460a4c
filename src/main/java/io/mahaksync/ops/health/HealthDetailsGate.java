package io.mahaksync.ops.health;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Health answers without their details for anyone but the admin ({@code mahak.ops.details-need-admin},
 * on outside the dev, demo and test profiles): a probe gets the same status code and UP/DOWN, with the
 * names and states of the checks, but no {@code data} (base URL, entity names, reasons of failures).
 * With the admin user's credentials the full answer comes from Quarkus as usual.
 */
@Singleton
public class HealthDetailsGate {

    /** After authentication (200) and authorization (100), so that the caller's roles are known. */
    private static final int PRIORITY = 50;
    private static final String ROLE = "mahak-admin";

    private final boolean detailsNeedAdmin;
    private final String healthPath;
    private final SmallRyeHealthReporter reporter;

    HealthDetailsGate(@ConfigProperty(name = "mahak.ops.details-need-admin", defaultValue = "true") boolean detailsNeedAdmin,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q") String nonApplicationRoot,
            @ConfigProperty(name = "quarkus.smallrye-health.root-path", defaultValue = "health") String healthRoot,
            SmallRyeHealthReporter reporter) {
        this.detailsNeedAdmin = detailsNeedAdmin;
        String root = "/" + trimSlashes(nonApplicationRoot);
        this.healthPath = healthRoot.startsWith("/") ? "/" + trimSlashes(healthRoot)
                : (root.equals("/") ? "" : root) + "/" + trimSlashes(healthRoot);
        this.reporter = reporter;
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("^/+|/+$", "");
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!detailsNeedAdmin || !(path.equals(healthPath) || path.startsWith(healthPath + "/")) || isAdmin(rc)) {
            rc.next();
            return;
        }
        String which = path.substring(healthPath.length()).replaceAll("^/+|/+$", "");
        rc.vertx().executeBlocking(() -> check(which)).onComplete(done -> {
            if (done.failed()) {
                rc.fail(done.cause());
                return;
            }
            SmallRyeHealth health = done.result();
            if (health == null) {
                rc.next(); // not a health procedure of ours (e.g. the UI): Quarkus answers it
                return;
            }
            rc.response().setStatusCode(health.isDown() ? 503 : 200)
                    .putHeader("Content-Type", "application/json; charset=UTF-8")
                    .end(statusOnly(health).encode());
        });
    }

    private SmallRyeHealth check(String which) {
        return switch (which) {
            case "" -> reporter.getHealth();
            case "live" -> reporter.getLiveness();
            case "ready" -> reporter.getReadiness();
            case "started" -> reporter.getStartup();
            case "well" -> reporter.getWellness();
            case "group" -> reporter.getHealthGroups();
            default -> which.startsWith("group/") && which.indexOf('/', 6) < 0
                    ? reporter.getHealthGroup(which.substring(6)) : null;
        };
    }

    /** The answer with each check's name and status, and nothing else. */
    static JsonObject statusOnly(SmallRyeHealth health) {
        JsonArray checks = new JsonArray();
        JsonValue listed = health.getPayload().get("checks");
        if (listed != null && listed.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue c : listed.asJsonArray()) {
                if (c.getValueType() == JsonValue.ValueType.OBJECT) {
                    checks.add(new JsonObject().put("name", c.asJsonObject().getString("name", ""))
                            .put("status", c.asJsonObject().getString("status", "")));
                }
            }
        }
        return new JsonObject().put("status", health.isDown() ? "DOWN" : "UP").put("checks", checks);
    }

    private static boolean isAdmin(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            return identity != null && !identity.isAnonymous() && identity.hasRole(ROLE);
        }
        return false;
    }
}
