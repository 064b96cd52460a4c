package io.mahaksync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.StoredRecord;
import io.mahaksync.simulator.store.StoredRecord.Origin;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inserts, updates and logically deletes records; each write draws a new global row version. Callers hold
 * {@link RecordStore#writeLock()} when they check something before writing; these methods take it too.
 */
@Singleton
public class RecordMutations {

    private final RecordStore store;
    private final RecordJson recordJson;
    /** Last server id handed out per entity; rebuilt from the store after a reseed. */
    private final Map<String, Integer> lastIds = new ConcurrentHashMap<>();

    public RecordMutations(RecordStore store, RecordJson recordJson) {
        this.store = store;
        this.recordJson = recordJson;
    }

    /** Forgets the id counters; call after the store was emptied or reseeded. */
    public void forgetIds() {
        lastIds.clear();
    }

    /** Inserts a record with a fresh server id; the id, row version and deleted in {@code fields} are ignored. */
    public StoredRecord insert(EntityDef def, ObjectNode fields, Origin origin) {
        store.writeLock().lock();
        try {
            int id = lastIds.compute(def.name(), (k, last) -> (last == null ? store.maxId(k) : last) + 1);
            StoredRecord row = new StoredRecord(def.name(), id, longOrNull(fields, def.clientIdField()),
                    intOrNull(fields, def.codeField()), store.nextRowVersion(),
                    fields.path(EntityDef.DELETED).asBoolean(false), origin, recordJson.toPayload(def, fields));
            store.insert(row);
            return row;
        } finally {
            store.writeLock().unlock();
        }
    }

    /** Sets the given fields on an existing record (others kept) and bumps its row version. */
    public StoredRecord update(EntityDef def, StoredRecord existing, ObjectNode changes, Origin origin) {
        store.writeLock().lock();
        try {
            ObjectNode merged = recordJson.toContractJson(existing);
            merged.setAll(changes);
            Long clientId = merged.hasNonNull(nullSafe(def.clientIdField())) ? longOrNull(merged, def.clientIdField())
                    : existing.clientId();
            Integer code = merged.hasNonNull(nullSafe(def.codeField())) ? intOrNull(merged, def.codeField())
                    : existing.code();
            StoredRecord row = new StoredRecord(def.name(), existing.id(), clientId, code, store.nextRowVersion(),
                    merged.path(EntityDef.DELETED).asBoolean(existing.deleted()),
                    origin == Origin.SEED ? existing.origin() : origin, recordJson.toPayload(def, merged));
            store.update(row);
            return row;
        } finally {
            store.writeLock().unlock();
        }
    }

    /** Logical delete: the row stays with deleted=true and a new row version, as Mahak does. */
    public StoredRecord delete(EntityDef def, StoredRecord existing, Origin origin) {
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.put(EntityDef.DELETED, true);
        return update(def, existing, change, origin);
    }

    /** A new row version for an unchanged record, so every client sees it again (dispute resolution). */
    public StoredRecord touch(EntityDef def, StoredRecord existing) {
        return update(def, existing, JsonNodeFactory.instance.objectNode(),
                existing.origin());
    }

    private static String nullSafe(String field) {
        return field == null ? "" : field;
    }

    private static Long longOrNull(JsonNode n, String field) {
        if (field == null) {
            return null;
        }
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Integer intOrNull(JsonNode n, String field) {
        if (field == null) {
            return null;
        }
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }
}
