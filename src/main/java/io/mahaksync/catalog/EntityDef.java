package io.mahaksync.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One Mahak entity as the catalog describes it.
 *
 * @param name          the CommitDataModel key (people, orderDetails, ...): the entity's name everywhere
 * @param model         the contract model (PersonModel)
 * @param requestField  the RequestAllDataModel cursor field (fromPersonVersion)
 * @param collection    the collection name in GetAllData answers (People, VisitorPeople, mahakpays)
 * @param saveResultKey the key in SaveAllDataResult, or null when SaveAllData does not report it
 * @param table         the target table (mahak_person)
 * @param idField       the server id field, the table's primary key
 * @param clientIdField the client id field, or null when the model has none
 * @param codeField     the Mahak-side code field, or null when the model has none
 * @param fieldsByLowerName the fields by lower-cased wire name, for case-insensitive reading (derived from
 *                      {@code fields}; built once, as the simulator looks a field up for every field of every
 *                      record it is sent)
 */
public record EntityDef(String name, String model, String requestField, String collection,
        String saveResultKey, String table, String idField, String clientIdField, String codeField,
        List<FieldDef> fields, Map<String, FieldDef> fieldsByLowerName) {

    public static final String ROW_VERSION = "rowVersion";
    public static final String DELETED = "deleted";

    public EntityDef {
        fields = List.copyOf(fields);
        Map<String, FieldDef> map = new LinkedHashMap<>();
        for (FieldDef f : fields) {
            map.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        fieldsByLowerName = Collections.unmodifiableMap(map);
    }

    public EntityDef(String name, String model, String requestField, String collection, String saveResultKey,
            String table, String idField, String clientIdField, String codeField, List<FieldDef> fields) {
        this(name, model, requestField, collection, saveResultKey, table, idField, clientIdField, codeField, fields,
                Map.of());
    }

    /** The field of this wire name, case-insensitively. */
    public Optional<FieldDef> field(String wireName) {
        return Optional.ofNullable(fieldsByLowerName.get(wireName.toLowerCase(Locale.ROOT)));
    }

    public FieldDef idFieldDef() {
        return field(idField).orElseThrow();
    }

    public boolean saveable() {
        return saveResultKey != null;
    }
}
