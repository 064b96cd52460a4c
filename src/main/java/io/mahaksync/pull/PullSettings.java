package io.mahaksync.pull;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.SqlDialect;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code mahak.pull.*} settings, checked against the catalog at start-up. */
@Singleton
public class PullSettings {

    private final boolean enabled;
    private final List<EntityDef> entities;
    private final Duration interval;
    private final int pageSize;
    private final boolean hardDelete;
    private final int batchSize;
    private final int bulkMinRows;
    private final boolean postgresqlCopy;
    private final long progressIntervalMs;
    private final boolean runOnce;
    private final List<Integer> orderTypes;
    private final Config config;

    PullSettings(EntityCatalog catalog, Config config,
            @ConfigProperty(name = "mahak.pull.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "mahak.pull.entities") String entities,
            @ConfigProperty(name = "mahak.pull.interval", defaultValue = "PT1M") Duration interval,
            @ConfigProperty(name = "mahak.pull.page-size", defaultValue = "1000") int pageSize,
            @ConfigProperty(name = "mahak.pull.delete-mode", defaultValue = "soft") String deleteMode,
            @ConfigProperty(name = "mahak.target.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "mahak.target.bulk-min-rows", defaultValue = "100") int bulkMinRows,
            @ConfigProperty(name = "mahak.target.postgresql-copy", defaultValue = "false") boolean postgresqlCopy,
            @ConfigProperty(name = "mahak.pull.progress-interval-ms", defaultValue = "5000") long progressIntervalMs,
            @ConfigProperty(name = "mahak.run-once", defaultValue = "false") boolean runOnce,
            @ConfigProperty(name = "mahak.pull.order-types") Optional<String> orderTypes) {
        this.config = config;
        this.enabled = enabled;
        this.interval = interval;
        this.pageSize = pageSize;
        this.batchSize = Math.max(1, batchSize);
        this.bulkMinRows = Math.max(0, bulkMinRows);
        this.postgresqlCopy = postgresqlCopy;
        this.progressIntervalMs = progressIntervalMs;
        this.runOnce = runOnce;
        checkDeleteMode(deleteMode).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        this.hardDelete = deleteMode.trim().equalsIgnoreCase("hard");
        checkEntities(catalog, entities).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        this.orderTypes = new ArrayList<>();
        for (String type : orderTypes.orElse("").split(",")) {
            if (type.isBlank()) {
                continue;
            }
            if (!type.trim().matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("mahak.pull.order-types must be order type numbers separated by "
                        + "commas (e.g. 201,202), got '" + orderTypes.get() + "'");
            }
            this.orderTypes.add(Integer.parseInt(type.trim()));
        }
        this.entities = new ArrayList<>();
        if (entities.trim().equalsIgnoreCase("all")) {
            this.entities.addAll(catalog.all());
        } else {
            for (String name : entities.split(",")) {
                if (!name.isBlank()) {
                    this.entities.add(catalog.get(name.trim()));
                }
            }
        }
    }

    /** What is wrong with a {@code mahak.pull.entities} value, naming every unknown entity at once. */
    public static Optional<String> checkEntities(EntityCatalog catalog, String entities) {
        if (entities.trim().equalsIgnoreCase("all")) {
            return Optional.empty();
        }
        List<String> unknown = new ArrayList<>();
        for (String name : entities.split(",")) {
            if (!name.isBlank() && catalog.find(name.trim()).isEmpty()) {
                unknown.add("'" + name.trim() + "'");
            }
        }
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("mahak.pull.entities names " + (unknown.size() == 1 ? "an unknown entity: " : unknown.size()
                + " unknown entities: ") + String.join(", ", unknown) + " (known: " + catalog.all().stream()
                        .map(EntityDef::name).collect(Collectors.joining(", ")) + ", or all)");
    }

    /** What is wrong with a {@code mahak.pull.delete-mode} value. */
    public static Optional<String> checkDeleteMode(String deleteMode) {
        String mode = deleteMode.trim().toLowerCase(Locale.ROOT);
        return mode.equals("soft") || mode.equals("hard") ? Optional.empty()
                : Optional.of("mahak.pull.delete-mode must be soft or hard, got '" + deleteMode + "'");
    }

    public boolean enabled() {
        return enabled;
    }

    /** The entities this instance pulls, in the order configured. */
    public List<EntityDef> entities() {
        return entities;
    }

    /** How often an entity is pulled: {@code mahak.pull.interval.<entity>}, else {@code mahak.pull.interval}. */
    public Duration interval(EntityDef entity) {
        return config.getOptionalValue("mahak.pull.interval." + entity.name(), Duration.class).orElse(interval);
    }

    public int pageSize() {
        return pageSize;
    }

    public boolean hardDelete() {
        return hardDelete;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * Upserts a batch needs to take the target's bulk path (0: never): multi-row statements on MariaDB; COPY on
     * PostgreSQL only with mahak.target.postgresql-copy; none on H2, whose JDBC batches are in memory already.
     */
    public int bulkMinRows(SqlDialect dialect) {
        return switch (dialect) {
            case MARIADB -> bulkMinRows;
            case POSTGRESQL -> postgresqlCopy ? bulkMinRows : 0;
            case H2 -> 0;
        };
    }

    public long progressIntervalMs() {
        return progressIntervalMs;
    }

    /** The {@code orderTypes} sent with GetAllData; empty: not sent (every type). */
    public List<Integer> orderTypes() {
        return orderTypes;
    }

    public boolean runOnce() {
        return runOnce;
    }
}
