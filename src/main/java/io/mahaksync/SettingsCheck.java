package io.mahaksync;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.ops.admin.AdminGate;
import io.mahaksync.ops.leader.LeaderMode;
import io.mahaksync.pull.PullSettings;
import io.mahaksync.targetdb.SqlDialect;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.Config;

/**
 * Checks the settings a user is most likely to get wrong before Camel builds a single route, and
 * refuses to start with one line that names every problem at once. Quarkus prints a
 * {@link ConfigurationException} as its message alone, last, and exits 1: no stack trace to dig
 * through. (The beans that read these settings check them too; this only makes the report short.)
 */
@Singleton
public class SettingsCheck {

    private final Config config;
    private final EntityCatalog catalog;
    private final AdminGate admin;

    SettingsCheck(Config config, EntityCatalog catalog, AdminGate admin) {
        this.config = config;
        this.catalog = catalog;
        this.admin = admin;
    }

    void beforeRoutesAreBuilt(@Observes BeforeConfigure event) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Cannot start, " + (problems.size() == 1 ? "a setting is" : problems.size()
                    + " settings are") + " wrong: " + String.join("; ", problems));
        }
    }

    /** Every problem found, each naming its property and what it should be. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        check(problems, () -> {
            SqlDialect.fromJdbcUrl(value("mahak.target.jdbc-url", ""));
            return Optional.empty();
        });
        if (config.getOptionalValue("mahak.pull.enabled", Boolean.class).orElse(true)) {
            check(problems, () -> PullSettings.checkEntities(catalog, value("mahak.pull.entities", "")));
        }
        check(problems, () -> PullSettings.checkDeleteMode(value("mahak.pull.delete-mode", "soft")));
        check(problems, () -> {
            LeaderMode.parse(value("mahak.leader.mode", "none"));
            return Optional.empty();
        });
        check(problems, admin::problem);
        return problems;
    }

    private String value(String name, String defaultValue) {
        return config.getOptionalValue(name, String.class).orElse(defaultValue);
    }

    /** Runs one check; an exception it throws is a problem too (its message names the property). */
    private static void check(List<String> problems, Supplier<Optional<String>> check) {
        try {
            check.get().ifPresent(problems::add);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }
}
