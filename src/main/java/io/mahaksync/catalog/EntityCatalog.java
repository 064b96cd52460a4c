package io.mahaksync.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every entity of the Mahak v3 contract, read from {@code catalog/entities.json}. Supporting another
 * entity or field is an edit of that file, not new code.
 */
@Singleton
public class EntityCatalog {

    public static final String RESOURCE = "catalog/entities.json";

    private final Map<String, EntityDef> byName = new LinkedHashMap<>();
    private final Map<String, EntityDef> byLowerName = new LinkedHashMap<>();
    private final Map<String, EntityDef> byLowerCollection = new LinkedHashMap<>();
    private final Map<String, EntityDef> byLowerSaveKey = new LinkedHashMap<>();

    public EntityCatalog() {
        this(loadResource());
    }

    public EntityCatalog(JsonNode document) {
        for (JsonNode e : document.path("entities")) {
            List<FieldDef> fields = new ArrayList<>();
            for (JsonNode f : e.path("fields")) {
                fields.add(new FieldDef(f.path("name").asText(), FieldType.fromCatalog(f.path("type").asText()),
                        f.path("column").asText(), f.path("readOnly").asBoolean(false)));
            }
            EntityDef def = new EntityDef(e.path("name").asText(), e.path("model").asText(),
                    e.path("requestField").asText(), e.path("collection").asText(), text(e, "saveResultKey"),
                    e.path("table").asText(), e.path("idField").asText(), text(e, "clientIdField"),
                    text(e, "codeField"), fields);
            byName.put(def.name(), def);
            byLowerName.put(lower(def.name()), def);
            byLowerCollection.put(lower(def.collection()), def);
            if (def.saveResultKey() != null) {
                byLowerSaveKey.put(lower(def.saveResultKey()), def);
            }
        }
    }

    public Collection<EntityDef> all() {
        return byName.values();
    }

    /** The entity named by its CommitDataModel key, case-insensitively. */
    public Optional<EntityDef> find(String name) {
        EntityDef exact = byName.get(name); // the usual case, without lower-casing (the simulator asks this per row)
        return exact != null ? Optional.of(exact) : Optional.ofNullable(byLowerName.get(lower(name)));
    }

    public EntityDef get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown Mahak entity '" + name + "'; known entities: " + String.join(", ", byName.keySet())));
    }

    /** The entity whose GetAllData collection has this name, case-insensitively. */
    public Optional<EntityDef> byCollection(String collection) {
        return Optional.ofNullable(byLowerCollection.get(lower(collection)));
    }

    /** The entity whose SaveAllDataResult key has this name, case-insensitively. */
    public Optional<EntityDef> bySaveResultKey(String key) {
        return Optional.ofNullable(byLowerSaveKey.get(lower(key)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static JsonNode loadResource() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The entity catalog " + RESOURCE + " is missing from the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the entity catalog " + RESOURCE, e);
        }
    }
}
