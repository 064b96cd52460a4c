package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How records relate when they are sent. Each record gets a group key (records with one key travel in
 * one request: an order and its details, per {@code mahak.push.together}) and a send rank (an entity
 * referenced by another's {@code <x>ClientId} field is sent first: people before orders).
 */
@Singleton
public class PushRelations {

    private final EntityCatalog catalog;
    private final PushSettings settings;
    private final Map<String, Integer> ranks = new HashMap<>();

    public PushRelations(EntityCatalog catalog, PushSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    /** Where a record belongs: its group key and the rank of that group. */
    public record Placement(String groupKey, int rank, String parentEntity, Long parentClientId) {
    }

    public Placement place(EntityDef entity, long clientId, JsonNode payload) {
        PushSettings.Together t = settings.togetherWith(entity.name());
        if (t != null) {
            JsonNode parent = payload.get(t.field());
            if (parent != null && parent.canConvertToLong()) {
                EntityDef p = catalog.get(t.parent());
                return new Placement(p.name() + ":" + parent.asLong(), rank(p), p.name(), parent.asLong());
            }
        }
        return new Placement(entity.name() + ":" + clientId, rank(entity), null, null);
    }

    /** 0 for an entity that refers to no other by client id, else one more than the highest it refers to. */
    public synchronized int rank(EntityDef entity) {
        return rank(entity, new HashSet<>());
    }

    private int rank(EntityDef entity, Set<String> visiting) {
        Integer known = ranks.get(entity.name());
        if (known != null) {
            return known;
        }
        if (!visiting.add(entity.name())) {
            return 0;
        }
        int r = 0;
        for (FieldDef f : entity.fields()) {
            if (f.name().equals(entity.clientIdField()) || !f.name().endsWith("ClientId")) {
                continue;
            }
            for (EntityDef other : catalog.all()) {
                if (other != entity && f.name().equalsIgnoreCase(other.clientIdField()) && other.saveable()
                        && !other.name().toLowerCase(Locale.ROOT).startsWith("visitor")) {
                    r = Math.max(r, rank(other, visiting) + 1);
                }
            }
        }
        visiting.remove(entity.name());
        ranks.put(entity.name(), r);
        return r;
    }
}
