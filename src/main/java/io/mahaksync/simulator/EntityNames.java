package io.mahaksync.simulator;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds an entity from the names clients use for it: the CommitDataModel key ({@code people}), the
 * collection ({@code People}) or the model's singular ({@code person}, {@code ProductDetail}), in any case.
 */
@Singleton
public class EntityNames {

    private final EntityCatalog catalog;

    public EntityNames(EntityCatalog catalog) {
        this.catalog = catalog;
    }

    public Optional<EntityDef> resolve(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Optional<EntityDef> direct = catalog.find(name).or(() -> catalog.byCollection(name));
        if (direct.isPresent()) {
            return direct;
        }
        String singular = name.toLowerCase(Locale.ROOT);
        return catalog.all().stream()
                .filter(e -> e.model().toLowerCase(Locale.ROOT).replaceFirst("model$", "").equals(singular)
                        || e.model().toLowerCase(Locale.ROOT).equals(singular))
                .findFirst();
    }
}
