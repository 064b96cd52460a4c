package io.mahaksync.simulator.save;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The foreign keys between entities, derived from the catalog: a field {@code xxxId} of one entity that is
 * another entity's id field is a reference to it. Also orders entities so that parents are saved before
 * their children, which is how records of one request link to each other by client id.
 */
@Singleton
public class ReferenceGraph {

    private final Map<String, List<Reference>> references = new HashMap<>();
    private final Map<String, Integer> depths = new HashMap<>();

    public ReferenceGraph(EntityCatalog catalog) {
        Map<String, EntityDef> byIdField = new HashMap<>();
        for (EntityDef def : catalog.all()) {
            byIdField.putIfAbsent(def.idField(), def);
        }
        for (EntityDef def : catalog.all()) {
            List<Reference> refs = new ArrayList<>();
            for (FieldDef f : def.fields()) {
                EntityDef parent = byIdField.get(f.name());
                if (parent != null && parent != def && f.name().endsWith("Id")) {
                    String base = f.name().substring(0, f.name().length() - 2);
                    refs.add(new Reference(parent, f.name(), def.field(base + "ClientId").map(FieldDef::name).orElse(null),
                            def.field(base + "Code").map(FieldDef::name).orElse(null)));
                }
            }
            references.put(def.name(), List.copyOf(refs));
        }
        for (EntityDef def : catalog.all()) {
            depth(def.name(), new HashSet<>());
        }
    }

    public List<Reference> referencesOf(String entity) {
        return references.getOrDefault(entity, List.of());
    }

    /** 0 for entities that reference nothing, otherwise one more than their deepest parent. */
    public int depth(String entity) {
        return depths.getOrDefault(entity, 0);
    }

    private int depth(String entity, Set<String> visiting) {
        Integer known = depths.get(entity);
        if (known != null) {
            return known;
        }
        if (!visiting.add(entity)) {
            return 0; // a cycle: break it here
        }
        int d = 0;
        for (Reference r : referencesOf(entity)) {
            d = Math.max(d, depth(r.parent().name(), visiting) + 1);
        }
        visiting.remove(entity);
        depths.put(entity, d);
        return d;
    }
}
