package io.mahaksync.ops.health;

import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.TargetConfigurationException;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the target database answers: nothing can be pulled or pushed without it. */
@Readiness
@ApplicationScoped
public class TargetDatabaseReadiness implements HealthCheck {

    private final TargetDatabase db;

    TargetDatabaseReadiness(TargetDatabase db) {
        this.db = db;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("mahak-target-database")
                .withData("database", db.describe());
        try (Connection c = db.dataSource().getConnection()) {
            return c.isValid(3) ? r.up().build() : r.down().withData("error", "connection not valid").build();
        } catch (TargetConfigurationException e) {
            return r.down().withData("configurationError", Scrubber.scrub(e.getMessage())).build();
        } catch (Exception e) {
            return r.down().withData("error", e instanceof SQLException s ? DatabaseReason.of(s)
                    : String.valueOf(Scrubber.scrub(e.getMessage()))).build();
        }
    }
}
